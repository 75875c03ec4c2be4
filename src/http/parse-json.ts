import type { ProblemItem } from '../schemas/problem.ts'
import { ProblemError } from './errors.ts'

/** JSON.parse of a body (or of one bulk line): text that is not JSON is the INVALID_JSON problem. */
export function parseJson (text: string, what = 'The body'): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    // V8's message names the position ("Unexpected token } in JSON at position 12"); it reveals nothing internal.
    throw new ProblemError('INVALID_JSON', `${what} is not valid JSON: ${(error as Error).message}`)
  }
}

/** The DOCUMENT_LIMIT problem of a structural limit broken at `violation.pointer` (src/search/analyses/document-limits.ts). */
export function limitProblem (violation: ProblemItem): ProblemError {
  return new ProblemError('DOCUMENT_LIMIT', `${violation.detail} at ${violation.pointer}`, { errors: [violation] })
}
