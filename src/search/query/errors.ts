/**
 * Failures of the search domain; src/http/map-error.ts turns them into 400 problems naming `parameter`.
 * They carry no HTTP vocabulary: the same checks guard every caller (routes, cache warmers, scripts).
 */
export class InvalidSearchParameterError extends Error {
  readonly parameter: string

  constructor (parameter: string, detail: string) {
    super(detail)
    this.name = 'InvalidSearchParameterError'
    this.parameter = parameter
  }
}

/** Malformed, tampered, or issued for another tenant or another query. */
export class InvalidCursorError extends Error {
  constructor (detail: string) {
    super(detail)
    this.name = 'InvalidCursorError'
  }
}

/** The point in time behind a relevance cursor was closed or timed out. */
export class CursorExpiredError extends Error {
  constructor () {
    super('The cursor has expired (pages of a relevance search must be fetched within 2 minutes of each other); start again from the first page')
    this.name = 'CursorExpiredError'
  }
}
