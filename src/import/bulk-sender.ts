import type { BulkAnswer, BulkItemResult } from '../schemas/bulk.ts'
import type { SourceLine } from './json-lines.ts'

// Web APIs only (no node: modules): the web page (ui/) imports the bulk client too.
const sleep = async (ms: number) => await new Promise(resolve => setTimeout(resolve, ms))
export interface SendOptions {
  url: string
  token: string
  refresh: boolean
  attempts?: number
}

/** The service refused the whole request for a reason no retry fixes (bad token, wrong role…). */
export class ImportAbortedError extends Error {
  readonly status: number
  readonly detail: string
  constructor (status: number, detail: string) {
    super(`the service refused the import (${status}): ${detail}`)
    this.name = 'ImportAbortedError'
    this.status = status
    this.detail = detail
  }
}

const RETRYABLE = new Set([429, 502, 503, 504])

/**
 * Sends one batch to the bulk endpoint and returns its per-item results. Overload (429/503) and network errors are
 * retried with backoff, honouring Retry-After; items the service could not store (429/503) are sent again alone.
 */
export async function sendBatch (lines: SourceLine[], options: SendOptions): Promise<BulkItemResult[]> {
  const attempts = options.attempts ?? 5
  let pending = lines.map((line, position) => ({ line, position }))
  const results: BulkItemResult[] = new Array(lines.length)
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answer = await post(pending.map(p => p.line.text).join('\n'), options, attempts)
    const retry: typeof pending = []
    answer.forEach((item, i) => {
      const { position } = pending[i]!
      if (RETRYABLE.has(item.status) && attempt < attempts) retry.push(pending[i]!)
      else results[position] = { ...item, position }
    })
    pending = retry
    if (pending.length > 0) await sleep(backoff(attempt))
  }
  return results
}

/**
 * Posts one body until it has an answer. Every retry of it carries the same Idempotency-Key, so a request whose
 * answer was lost (503 WRITE_OUTCOME_UNKNOWN, a network error) is applied at most once and its items report 201/200
 * as they were stored. When the service cannot check keys (503 IDEMPOTENCY_UNAVAILABLE: Redis away) the body goes
 * again without one: the ids make that safe, only 201 and 200 may then be off.
 */
async function post (body: string, options: SendOptions, attempts: number): Promise<BulkItemResult[]> {
  const url = `${options.url.replace(/\/$/, '')}/v1/analyses/_bulk${options.refresh ? '?refresh=wait_for' : ''}`
  let key: string | undefined = randomKey()
  for (let attempt = 1; ; attempt++) {
    let response: Response
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, 'content-type': 'application/x-ndjson' }
    if (key !== undefined) headers['idempotency-key'] = `"${key}"`
    try {
      response = await fetch(url, { method: 'POST', body, headers })
    } catch (error) {
      if (attempt >= attempts) throw error
      await sleep(backoff(attempt))
      continue
    }
    if (response.ok) return ((await response.json()) as BulkAnswer).items
    const problem = await response.json().catch(() => ({})) as { detail?: string, code?: string }
    if (problem.code === 'IDEMPOTENCY_UNAVAILABLE') key = undefined
    const retryable = RETRYABLE.has(response.status) || problem.code === 'IDEMPOTENCY_IN_FLIGHT'
    if (!retryable || attempt >= attempts) throw new ImportAbortedError(response.status, problem.detail ?? response.statusText)
    const retryAfter = Number(response.headers.get('retry-after'))
    await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff(attempt))
  }
}

/** 128 random bits in hex. getRandomValues, not randomUUID: a page served over plain http has only the former. */
function randomKey (): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), byte => byte.toString(16).padStart(2, '0')).join('')
}

function backoff (attempt: number): number {
  return Math.min(200 * 2 ** attempt, 5000)
}
