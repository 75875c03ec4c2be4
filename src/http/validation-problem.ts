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

/**
 * Turns Ajv's errors into a problem naming each offending field or parameter with a JSON pointer.
 * Unknown fields get their own code: the API rejects them instead of silently stripping them.
 */
export function validationProblem (errors: AjvError[], context: string): ProblemError {
  const items = describeErrors(errors, context)
  const unknown = isUnknownField(errors)
  const first = items[0]?.detail ?? `invalid ${context}`
  const more = items.length > 1 ? ` (and ${items.length - 1} more problem${items.length > 2 ? 's' : ''})` : ''
  return new ProblemError(unknown ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED', first + more, { errors: items })
}

function describeErrors (errors: AjvError[], context: string): ProblemItem[] {
  const noun = CONTEXT_NOUN[context] ?? 'field'
  return dedupe(errors.map(error => describe(error, noun)))
}

function isUnknownField (errors: AjvError[]): boolean {
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
  return { pointer: path === '' ? '' : path, detail: `${where} ${error.message ?? 'is invalid'}` }
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
