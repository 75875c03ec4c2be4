import { errors, type estypes } from '@elastic/elasticsearch'

/**
 * What went wrong with a request to Elasticsearch, in the few kinds callers act on:
 * - `unavailable`: no answer (connection refused or reset, timeout, no living node), a 502/503/504, or the index is
 *   missing (deleted under a running service): an outage to wait out;
 * - `overloaded`: 429, Elasticsearch shed the load (rejected execution, circuit breaker): retry later;
 * - `conflict`: a version or sequence-number condition failed;
 * - `exists`: the index (or another resource) to create exists already;
 * - `expired-context`: a point in time or scroll closed or timed out;
 * - `bad-request`: any other 400, e.g. an analyzer or filter this cluster does not have;
 * - `refused`: any other refusal: a bug of ours, never the client's to read about.
 */
export type EsFailure = 'unavailable' | 'overloaded' | 'conflict' | 'exists' | 'expired-context' | 'bad-request' | 'refused'

/**
 * What went wrong with a request the client threw for; null when `error` is not Elasticsearch's (a bug elsewhere,
 * a domain error passing through).
 */
export function esFailure (error: unknown): EsFailure | null {
  if (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError || error instanceof errors.NoLivingConnectionsError) return 'unavailable'
  if (error instanceof errors.ResponseError) return classify(error.statusCode ?? 0, (error.body as { error?: estypes.ErrorCause } | undefined)?.error)
  return error instanceof errors.ElasticsearchClientError ? 'refused' : null
}

/** What went wrong with one item of a bulk request (each carries its own status and error); null: it was applied. */
export function bulkItemFailure (item: Pick<estypes.BulkResponseItem, 'status' | 'error'>): EsFailure | null {
  return item.status < 300 && item.error === undefined ? null : classify(item.status, item.error)
}

/** The one reading of Elasticsearch's refusals, by the error types it names and, failing those, its status. */
function classify (status: number, cause: estypes.ErrorCause | undefined): EsFailure {
  // The type that says what happened may be the top one or a root cause (a search wraps shard failures).
  const types = cause === undefined ? [] : [cause.type, ...(cause.root_cause ?? []).map(root => root.type)]
  if (types.includes('search_context_missing_exception')) return 'expired-context'
  if (types.includes('index_not_found_exception')) return 'unavailable'
  if (types.includes('resource_already_exists_exception')) return 'exists'
  if (types.includes('version_conflict_engine_exception') || status === 409) return 'conflict'
  if (status === 429) return 'overloaded'
  if (status === 502 || status === 503 || status === 504) return 'unavailable'
  if (status === 400) return 'bad-request'
  return 'refused'
}

/**
 * What a failed write left behind, for the failures `esFailure` calls `unavailable` or `overloaded`:
 * - `not-sent`: the request never reached Elasticsearch (connection refused, name not resolved, no node alive, connect
 *   timeout): it cannot have been applied, and may be sent again at once;
 * - `refused`: Elasticsearch answered 429 or 503 (or the index is missing) before applying anything: not applied;
 * - `unknown`: the request may have been applied (a timeout, the connection lost after sending, a gateway's 502/504):
 *   only reading the document can tell.
 * Null for every other error (conflicts, bugs): those are answers, not outages.
 */
export type WriteFailure = 'not-sent' | 'refused' | 'unknown'

/** Connection errors raised while connecting, before a byte of the request left (undici's and Node's wording). */
const BEFORE_SENDING = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)\b|Connect Timeout Error/

export function writeFailure (error: unknown): WriteFailure | null {
  if (error instanceof errors.NoLivingConnectionsError) return 'not-sent'
  if (error instanceof errors.TimeoutError) return 'unknown'
  if (error instanceof errors.ConnectionError) return BEFORE_SENDING.test(error.message) ? 'not-sent' : 'unknown'
  if (!(error instanceof errors.ResponseError)) return null
  const status = error.statusCode ?? 0
  if (status === 502 || status === 504) return 'unknown'
  const failure = esFailure(error)
  return failure === 'unavailable' || failure === 'overloaded' ? 'refused' : null
}
