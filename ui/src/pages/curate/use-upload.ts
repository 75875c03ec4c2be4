import { useState } from 'preact/hooks'
import { ImportAbortedError } from '../../../../src/import/bulk-sender.ts'
import { runImport } from '../../../../src/import/run-import.ts'
import { reportUnauthorized } from '../../api/client.ts'
import { asSource, type PickedFile } from '../../lib/file-source.ts'
import { readToken } from '../../session.ts'

/** One rejected line, as the import command writes its rejects file (one JSON object per line). */
export interface Rejected {
  origin: string
  status: number
  code: string
  detail: string
  line: string
}

export interface Upload {
  state: 'idle' | 'running' | 'done' | 'failed'
  total: number
  processed: number
  created: number
  replaced: number
  rejected: Rejected[]
  error: unknown
}

// Batches small enough for the bar to move, each acknowledged once searchable (refresh=wait_for), two in flight.
const BATCH = 250
const CONCURRENCY = 2

/**
 * Sends a picked file through POST /v1/analyses/_bulk with the import client of `npm run import` (batching,
 * retries of 429/503 with backoff, per-line outcomes) and reports progress and the rejected lines.
 */
export function useUpload (): { upload: Upload, start: (file: PickedFile) => void } {
  const [upload, setUpload] = useState<Upload>({ state: 'idle', total: 0, processed: 0, created: 0, replaced: 0, rejected: [], error: null })
  const start = (file: PickedFile) => {
    const rejected: Rejected[] = []
    setUpload({ state: 'running', total: file.lines.length, processed: 0, created: 0, replaced: 0, rejected, error: null })
    runImport(asSource(file), {
      url: location.origin,
      token: readToken() ?? '',
      refresh: true,
      batchSize: BATCH,
      concurrency: CONCURRENCY,
      onReject: (line, reason) => { rejected.push({ origin: line.origin, ...reason, line: line.text }) },
      onProgress: state => { setUpload(previous => ({ ...previous, processed: state.stored + state.rejected, rejected: [...rejected] })) }
    }).then(summary => {
      setUpload(previous => ({ ...previous, state: 'done', processed: summary.stored + summary.rejected, created: summary.created, replaced: summary.replaced, rejected: [...rejected] }))
    }, (error: unknown) => {
      if (error instanceof ImportAbortedError && error.status === 401) reportUnauthorized(error.detail)
      setUpload(previous => ({ ...previous, state: 'failed', error, rejected: [...rejected] }))
    })
  }
  return { upload, start }
}
