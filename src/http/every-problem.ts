import type { FastifyRequest } from 'fastify'
import type { ProblemItem } from '../schemas/problem.ts'
import { InvalidSearchParameterError } from '../search/query/errors.ts'
import { describeErrors, isUnknownField, problemOf, type AjvError } from './validation-problem.ts'

type Part = 'querystring' | 'body'
type FailedValidation = Error & { validation?: AjvError[], validationContext?: string }

/**
 * Every problem of a search-like request in one 400 (issue 12: several bad parameters, all of them in `errors[]`).
 * The route validates with `attachValidation`, so its handler runs with the schema's errors instead of failing at
 * the first one; Fastify checks the path parameters, then the input, and stops at the first part that fails, so the
 * input is checked here when the path failed. Then the domain reads the parameters the schema accepted (`parse`:
 * canonicalQuery and the like) and adds its own problems. Answers `parse`'s result when there is none.
 */
export function withEveryProblem<T> (request: FastifyRequest, part: Part, parse: (input: Record<string, unknown>) => T): T {
  const items: ProblemItem[] = []
  const refused = new Set<string>()
  let unknownOnly = true
  const add = (errors: AjvError[], context: string): void => {
    items.push(...describeErrors(errors, context))
    unknownOnly &&= isUnknownField(errors)
    if (context === part) for (const error of errors) refused.add(topLevelName(error))
  }
  const failed = request.validationError as FailedValidation | undefined
  if (failed !== undefined) {
    if (!Array.isArray(failed.validation)) throw failed
    add(failed.validation, failed.validationContext ?? part)
    if (failed.validationContext === 'params') {
      const validate = request.getValidationFunction(part)
      if (validate !== undefined && validate(inputOf(request, part)) !== true) add((validate.errors ?? []) as AjvError[], part)
    }
  }
  const input = (inputOf(request, part) ?? {}) as Record<string, unknown>
  const accepted = Object.fromEntries(Object.entries(input).filter(([name]) => !refused.has(name)))
  try {
    const result = parse(accepted)
    if (items.length === 0) return result
  } catch (error) {
    if (!(error instanceof InvalidSearchParameterError)) throw error
    items.push(...error.issues)
    unknownOnly = false
  }
  throw problemOf(items, unknownOnly)
}

/** What the client sent as `part`. */
export function inputOf (request: FastifyRequest, part: Part): unknown {
  return part === 'body' ? request.body : request.query
}

/** The parameter an error is about: the first token of its path, or the unknown property it names. */
function topLevelName (error: AjvError): string {
  const token = error.instancePath.split('/')[1]
  if (token !== undefined) return token.replaceAll('~1', '/').replaceAll('~0', '~')
  return String(error.params.additionalProperty ?? error.params.missingProperty ?? '')
}
