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
