/** Domain failures the HTTP layer translates (src/http/map-error.ts); they carry no HTTP vocabulary. */
export class AnalysisNotFoundError extends Error {
  constructor (id: string) {
    super(`No analysis with id '${id}'`)
    this.name = 'AnalysisNotFoundError'
  }
}

export class VersionConflictError extends Error {
  constructor (id: string) {
    super(`The analysis '${id}' was changed since the version given`)
    this.name = 'VersionConflictError'
  }
}

/**
 * A write whose outcome nobody knows: the request left for Elasticsearch and no answer came back (timeout,
 * connection lost). It may have been applied; only a read, or a retry with the same Idempotency-Key, can tell.
 */
export class WriteOutcomeUnknownError extends Error {
  constructor (options?: ErrorOptions) {
    super('The write may or may not have been stored', options)
    this.name = 'WriteOutcomeUnknownError'
  }
}

/** A write Elasticsearch certainly did not apply (refused before sending, or rejected as overloaded or away). */
export class WriteNotStoredError extends Error {
  constructor (options?: ErrorOptions) {
    super('The write was not stored', options)
    this.name = 'WriteNotStoredError'
  }
}
