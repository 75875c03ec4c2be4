import type { Source } from './read-sources.ts'
import type { SourceLine } from './json-lines.ts'
import { sendBatch, type SendOptions } from './bulk-sender.ts'

export interface ProgressState {
  sent: number
  stored: number
  rejected: number
  bytes: number
  totalBytes: number
  startedAt: number
}

export interface ImportOptions extends SendOptions {
  batchSize: number
  concurrency: number
  /** Receives each rejected line with the reason, e.g. to write the rejects file. */
  onReject: (line: SourceLine, reason: { status: number, code: string, detail: string }) => void
  onProgress: (state: ProgressState, final?: boolean) => void
}

export interface ImportSummary extends ProgressState {
  created: number
  replaced: number
  seconds: number
}

/** The service's own bulk limit is 10 MiB; batches stay well under it. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024

// TextEncoder rather than Buffer: the web page (ui/) runs this import too.
const encoder = new TextEncoder()

/** Streams the source to the bulk endpoint in batches, a few in flight at once, and tallies the outcome. */
export async function runImport (source: Source, options: ImportOptions): Promise<ImportSummary> {
  const state: ImportSummary = { sent: 0, stored: 0, rejected: 0, bytes: 0, totalBytes: source.totalBytes, startedAt: Date.now(), created: 0, replaced: 0, seconds: 0 }
  const inFlight = new Set<Promise<void>>()
  // The first batch that could not be sent at all stops the import (bad token, service gone after retries).
  let failure: unknown = null
  let batch: SourceLine[] = []
  let batchBytes = 0

  const flush = async (): Promise<void> => {
    const lines = batch
    batch = []
    batchBytes = 0
    if (lines.length === 0) return
    const task: Promise<void> = send(lines, state, options)
      .catch(error => { failure ??= error })
      .finally(() => inFlight.delete(task))
    inFlight.add(task)
    if (inFlight.size >= options.concurrency) await Promise.race(inFlight)
    if (failure !== null) throw failure
  }

  for await (const line of source.lines) {
    const size = encoder.encode(line.text).length + 1
    if (size > MAX_BATCH_BYTES) {
      reject(state, options, line, { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'the line is larger than a bulk request may be' })
      continue
    }
    if (batchBytes + size > MAX_BATCH_BYTES) await flush()
    batch.push(line)
    batchBytes += size
    state.bytes = line.progressBytes
    if (batch.length >= options.batchSize) await flush()
  }
  await flush()
  await Promise.all(inFlight)
  if (failure !== null) throw failure
  state.bytes = state.totalBytes
  state.seconds = (Date.now() - state.startedAt) / 1000
  options.onProgress(state, true)
  return state
}

async function send (lines: SourceLine[], state: ImportSummary, options: ImportOptions): Promise<void> {
  state.sent += lines.length
  const results = await sendBatch(lines, options)
  for (const result of results) {
    if (result.status === 201) state.created++
    else if (result.status === 200) state.replaced++
    else reject(state, options, lines[result.position]!, { status: result.status, code: result.error?.code ?? 'UNKNOWN', detail: result.error?.detail ?? 'not stored' })
  }
  state.stored = state.created + state.replaced
  options.onProgress(state)
}

function reject (state: ImportSummary, options: ImportOptions, line: SourceLine, reason: { status: number, code: string, detail: string }): void {
  state.rejected++
  options.onReject(line, reason)
}
