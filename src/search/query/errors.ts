/** One offending place of a search's parameters: a JSON pointer into the query string or body, and why. */
export interface SearchIssue {
  pointer: string
  detail: string
}

/** The issue of parameter `name` (of its `index`-th value when given). */
export function issueAt (name: string, detail: string, index?: number): SearchIssue {
  return { pointer: index === undefined ? `/${name}` : `/${name}/${index}`, detail }
}

/**
 * Failures of the search domain; src/http/map-error.ts turns them into one 400 problem listing every issue. They
 * carry no HTTP vocabulary: the same checks guard every caller (routes, cache warmers, scripts).
 */
export class InvalidSearchParameterError extends Error {
  readonly issues: SearchIssue[]

  constructor (issues: SearchIssue[]) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''
    super(`${issues[0]?.detail ?? 'invalid search parameters'}${more}`)
    this.name = 'InvalidSearchParameterError'
    this.issues = issues
  }

  /** The error of one parameter. */
  static of (name: string, detail: string): InvalidSearchParameterError {
    return new InvalidSearchParameterError([issueAt(name, detail)])
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

/** Runs every read, then throws the issues of all those that failed together: none hides another's problems. */
export function readAll<T extends unknown[]> (...reads: { [K in keyof T]: () => T[K] }): T {
  const issues: SearchIssue[] = []
  const results = reads.map(read => {
    try {
      return read()
    } catch (error) {
      if (!(error instanceof InvalidSearchParameterError)) throw error
      issues.push(...error.issues)
      return undefined
    }
  })
  if (issues.length > 0) throw new InvalidSearchParameterError(issues)
  return results as T
}
