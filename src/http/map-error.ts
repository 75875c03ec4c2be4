import { errors as esErrors } from '@elastic/elasticsearch'
import { ProblemError, type ErrorCode } from './errors.ts'
import { validationProblem } from './validation-problem.ts'
import { AnalysisNotFoundError, VersionConflictError } from '../search/errors.ts'
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

const BY_STATUS: Record<number, ErrorCode> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED'
}

/**
 * Translates what any layer may throw into the problem the client sees. Messages of Elasticsearch, Redis or Node
 * internals never reach the client: a 5xx carries only the catalogue's words.
 */
export function toProblem (error: unknown): ProblemError {
  if (error instanceof ProblemError) return error
  if (error instanceof AnalysisNotFoundError) return new ProblemError('NOT_FOUND', error.message)
  if (error instanceof VersionConflictError) return new ProblemError('PRECONDITION_FAILED', `${error.message}; read it again for its current ETag`)
  if (error instanceof InvalidSearchParameterError) return new ProblemError('VALIDATION_FAILED', error.message, { errors: error.issues })
  if (error instanceof InvalidCursorError) return parameterProblem('INVALID_CURSOR', 'cursor', error.message)
  if (error instanceof CursorExpiredError) return parameterProblem('CURSOR_EXPIRED', 'cursor', error.message)
  if (isUnavailable(error)) {
    return new ProblemError('SEARCH_UNAVAILABLE', 'The search engine did not answer; retry shortly',
      { headers: { 'retry-after': RETRY_AFTER_SECONDS } })
  }
  // Any other refusal of Elasticsearch is our bug, never the client's to read about.
  if (error instanceof esErrors.ElasticsearchClientError) return new ProblemError('INTERNAL', 'An unexpected error occurred; it has been logged')
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
    return new ProblemError(BY_STATUS[status] ?? 'VALIDATION_FAILED', String(e.message ?? 'Bad request'))
  }
  return new ProblemError('INTERNAL', 'An unexpected error occurred; it has been logged')
}

/** A problem with one named parameter (query string or body field of the same name). */
function parameterProblem (code: ErrorCode, parameter: string, detail: string): ProblemError {
  return new ProblemError(code, detail, { errors: [{ pointer: `/${parameter}`, detail }] })
}

function isUnavailable (error: unknown): boolean {
  if (error instanceof esErrors.ConnectionError ||
    error instanceof esErrors.TimeoutError ||
    error instanceof esErrors.NoLivingConnectionsError) return true
  if (error instanceof esErrors.ResponseError) {
    const status = error.statusCode ?? 0
    // A missing index (deleted under a running service) is an outage to wait out, like an unreachable cluster.
    const missingIndex = status === 404 && (error.body as { error?: { type?: string } } | undefined)?.error?.type === 'index_not_found_exception'
    return missingIndex || status === 429 || status === 502 || status === 503 || status === 504
  }
  return false
}
