import type { ProblemItem } from '../schemas/problem.ts'
import { ProblemError } from './errors.ts'

export interface AjvError {
  keyword: string
  instancePath: string
  message?: string
  params: Record<string, unknown>
}

const CONTEXT_NOUN: Record<string, string> = {
  body: 'field',
  querystring: 'query parameter',
  params: 'path parameter',
  headers: 'header'
}

/** A problem lists this many places at most; its detail still counts them all. */
const MAX_PROBLEM_ITEMS = 50

/**
 * Turns Ajv's errors (every one: the validators run with allErrors) into a problem naming each offending field or
 * parameter with a JSON pointer. Unknown fields get their own code: the API rejects them instead of silently
 * stripping them.
 */
export function validationProblem (errors: AjvError[], context: string): ProblemError {
  return problemOf(describeErrors(errors, context), isUnknownField(errors), `invalid ${context}`)
}

/** One problem for several places: UNKNOWN_FIELD when every one is an unknown field, VALIDATION_FAILED otherwise. */
export function problemOf (items: ProblemItem[], unknownOnly: boolean, fallback = 'invalid request'): ProblemError {
  const first = items[0]?.detail ?? fallback
  const more = items.length > 1 ? ` (and ${items.length - 1} more problem${items.length > 2 ? 's' : ''})` : ''
  return new ProblemError(unknownOnly ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED', first + more, { errors: items.slice(0, MAX_PROBLEM_ITEMS) })
}

export function describeErrors (errors: AjvError[], context: string): ProblemItem[] {
  const noun = CONTEXT_NOUN[context] ?? 'field'
  return dedupe(errors.map(error => describe(error, noun)))
}

export function isUnknownField (errors: AjvError[]): boolean {
  return errors.every(error => error.keyword === 'additionalProperties')
}

function describe (error: AjvError, noun: string): ProblemItem {
  const path = error.instancePath
  if (error.keyword === 'additionalProperties') {
    const name = String(error.params.additionalProperty)
    return { pointer: `${path}/${escape(name)}`, detail: `unknown ${noun} '${join(path, name)}'` }
  }
  if (error.keyword === 'required') {
    const name = String(error.params.missingProperty)
    return { pointer: `${path}/${escape(name)}`, detail: `${noun} '${join(path, name)}' is required` }
  }
  const where = path === '' ? (noun === 'field' ? 'body' : noun) : `${noun} '${unescapePath(path)}'`
  // An enum's allowed values are the most useful thing to say (an unknown facet lists the facets).
  const allowed = error.keyword === 'enum' && Array.isArray(error.params.allowedValues) ? error.params.allowedValues : undefined
  const message = allowed !== undefined ? `must be one of ${allowed.join(', ')}` : error.message ?? 'is invalid'
  return { pointer: path === '' ? '' : path, detail: `${where} ${message}` }
}

function join (path: string, name: string): string {
  return path === '' ? name : `${unescapePath(path)}.${name}`
}

function unescapePath (path: string): string {
  return path.slice(1).split('/').map(part => part.replaceAll('~1', '/').replaceAll('~0', '~')).join('.')
}

function escape (name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1')
}

function dedupe (items: ProblemItem[]): ProblemItem[] {
  const seen = new Set<string>()
  return items.filter(item => !seen.has(item.detail) && seen.add(item.detail) !== undefined)
}
