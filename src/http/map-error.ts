import { esFailure, type EsFailure } from '../clients/elasticsearch-errors.ts'
import { codeForStatus, ProblemError, type ErrorCode } from './errors.ts'
import { validationProblem } from './validation-problem.ts'
import { AnalysisNotFoundError, VersionConflictError, WriteNotStoredError, WriteOutcomeUnknownError } from '../search/errors.ts'
import { CursorExpiredError, InvalidCursorError, InvalidSearchParameterError } from '../search/query/errors.ts'

const RETRY_AFTER_SECONDS = '5'

interface FastifyLikeError {
  code?: string
  statusCode?: number
  validation?: Parameters<typeof validationProblem>[0]
  validationContext?: string
  message?: string
}

/** Fastify's own 4xx errors whose wording we replace with ours. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'The request body exceeds the limit of this route'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json (application/x-ndjson is also accepted for bulk imports)'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['EMPTY_BODY', 'The body is empty; send a JSON document'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['INVALID_JSON', 'The body could not be parsed as JSON']
}

/**
 * Translates what any layer may throw into the problem the client sees. Messages of Elasticsearch, Redis or Node
 * internals never reach the client: a 5xx carries only the catalogue's words.
 */
export function toProblem (error: unknown): ProblemError {
  if (error instanceof ProblemError) return error
  if (error instanceof AnalysisNotFoundError) return new ProblemError('NOT_FOUND', error.message)
  if (error instanceof VersionConflictError) return new ProblemError('PRECONDITION_FAILED', `${error.message}; read it again for its current ETag`)
  if (error instanceof WriteOutcomeUnknownError) return writeOutcomeUnknown()
  if (error instanceof WriteNotStoredError) return notStored('The search engine is unavailable or overloaded; the write was not stored: send it again shortly')
  if (error instanceof InvalidSearchParameterError) return new ProblemError('VALIDATION_FAILED', error.message, { errors: error.issues })
  if (error instanceof InvalidCursorError) return parameterProblem('INVALID_CURSOR', 'cursor', error.message)
  if (error instanceof CursorExpiredError) return parameterProblem('CURSOR_EXPIRED', 'cursor', error.message)
  const failure = esFailure(error)
  if (failure !== null) return esProblem(failure)
  const e = (error ?? {}) as FastifyLikeError
  if (Array.isArray(e.validation)) return validationProblem(e.validation, e.validationContext ?? 'body')
  const known = e.code !== undefined ? FASTIFY_CODES[e.code] : undefined
  if (known !== undefined) return new ProblemError(known[0], known[1])
  if (e.statusCode === 400 && /prototype property/.test(String(e.message))) {
    return new ProblemError('DOCUMENT_LIMIT', 'Keys named __proto__ or constructor are not accepted')
  }
  const status = e.statusCode ?? 500
  if (status >= 400 && status < 500) {
    // Fastify and its plugins (jwt, rate-limit) word their 4xx messages for clients; they are safe to pass on.
    return new ProblemError(codeForStatus(status) ?? 'VALIDATION_FAILED', String(e.message ?? 'Bad request'))
  }
  return internal()
}

/**
 * An Elasticsearch failure as the client sees it, for a whole request or one bulk item: an outage or an overload is
 * worth a retry; anything else is our bug, never the client's to read about.
 */
export function esProblem (failure: EsFailure): ProblemError {
  if (failure === 'unavailable' || failure === 'overloaded') {
    return new ProblemError('SEARCH_UNAVAILABLE', 'The search engine is unavailable or overloaded; retry shortly',
      { headers: { 'retry-after': RETRY_AFTER_SECONDS } })
  }
  return internal()
}

/** A write that left for Elasticsearch and got no answer: it may have been stored, or not. */
function writeOutcomeUnknown (): ProblemError {
  return new ProblemError('WRITE_OUTCOME_UNKNOWN',
    'The search engine did not answer in time: the write may or may not have been stored. Send the same request again with the same Idempotency-Key (it is then applied at most once), or read the analysis first',
    { headers: { 'retry-after': RETRY_AFTER_SECONDS } })
}

/** A bulk item Elasticsearch refused as overloaded or away: certainly not stored. */
export function itemNotStored (): ProblemError {
  return notStored('The search engine was unavailable or overloaded and did not store this item; send it again (its id makes that safe)')
}

function notStored (detail: string): ProblemError {
  return new ProblemError('SEARCH_UNAVAILABLE', detail, { headers: { 'retry-after': RETRY_AFTER_SECONDS } })
}

function internal (): ProblemError {
  return new ProblemError('INTERNAL', 'An unexpected error occurred; it has been logged')
}

/** A problem with one named parameter (query string or body field of the same name). */
function parameterProblem (code: ErrorCode, parameter: string, detail: string): ProblemError {
  return new ProblemError(code, detail, { errors: [{ pointer: `/${parameter}`, detail }] })
}
