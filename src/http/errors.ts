import type { ProblemItem } from '../schemas/problem.ts'

/**
 * The one catalogue of error codes the API answers with (RFC 9457 problem details).
 * Every code here is documented in docs/errors.md; a test keeps the two in step.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  UNKNOWN_FIELD: { status: 400, title: 'The request carries a field the API does not know' },
  INVALID_JSON: { status: 400, title: 'The body is not valid JSON' },
  EMPTY_BODY: { status: 400, title: 'The body is empty' },
  DOCUMENT_LIMIT: { status: 400, title: 'The document exceeds a structural limit' },
  INVALID_CURSOR: { status: 400, title: 'The cursor is not valid for this query' },
  CURSOR_EXPIRED: { status: 400, title: 'The cursor has expired' },
  UNAUTHORIZED: { status: 401, title: 'Authentication is required' },
  FORBIDDEN: { status: 403, title: 'The token lacks the role this operation needs' },
  NOT_FOUND: { status: 404, title: 'The resource does not exist' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'The request conflicts with the current state' },
  IDEMPOTENCY_IN_FLIGHT: { status: 409, title: 'A request with this Idempotency-Key is in progress' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request took too long to arrive' },
  PRECONDITION_FAILED: { status: 412, title: 'The stored version moved on' },
  PRECONDITION_REQUIRED: { status: 428, title: 'The change needs If-Match with the current ETag' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The body is too large' },
  URI_TOO_LONG: { status: 414, title: 'A path parameter is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used for another request' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  INTERNAL: { status: 500, title: 'Internal error' },
  SEARCH_UNAVAILABLE: { status: 503, title: 'The search engine is unavailable' },
  IDEMPOTENCY_UNAVAILABLE: { status: 503, title: 'Idempotency keys cannot be checked right now' },
  SHUTTING_DOWN: { status: 503, title: 'The service is shutting down' },
  OVERLOADED: { status: 503, title: 'The instance is overloaded' },
  WRITE_OUTCOME_UNKNOWN: { status: 503, title: 'The write may or may not have been stored' }
} as const satisfies Record<string, { status: number, title: string }>

export type ErrorCode = keyof typeof ERRORS

/** The catalogue's first code of `status`, its general one (VALIDATION_FAILED for 400, NOT_FOUND for 404). */
export function codeForStatus (status: number): ErrorCode | undefined {
  return (Object.keys(ERRORS) as ErrorCode[]).find(code => ERRORS[code].status === status)
}

export interface ProblemOptions {
  errors?: ProblemItem[]
  headers?: Record<string, string>
  /** Members added to the document (RFC 9457 extension members), e.g. readiness' checks. */
  extensions?: Record<string, unknown>
}

/** An error that leaves the API as the problem it names. Thrown by routes and plugins alike. */
export class ProblemError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly errors: ProblemItem[] | undefined
  readonly headers: Record<string, string>
  readonly extensions: Record<string, unknown>

  constructor (code: ErrorCode, detail: string, options: ProblemOptions = {}) {
    super(detail)
    this.name = 'ProblemError'
    this.code = code
    this.status = ERRORS[code].status
    this.errors = options.errors
    this.headers = options.headers ?? {}
    this.extensions = options.extensions ?? {}
  }
}

export function problemTypeUri (code: ErrorCode): string {
  return `urn:image-analyses:problem:${code.toLowerCase().replaceAll('_', '-')}`
}
