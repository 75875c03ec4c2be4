import { LIMITS } from '../../schemas/analysis.ts'
import type { ProblemItem } from '../../schemas/problem.ts'
import { toPointer } from '../facets/sources.ts'

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Nesting allowed anywhere in a body (an analysis inside a bulk array inside…): far above any legitimate request,
 * and low enough that walking a hostile `[[[[…` of any depth stops long before the call stack does.
 */
const MAX_BODY_DEPTH = 2 * LIMITS.depth

/**
 * Walks a parsed body once and returns the first structural limit it breaks, with a JSON pointer to the place:
 * prototype-polluting keys anywhere, and inside `image_analysis` nesting depth, total key count and string length.
 */
export function checkLimits (body: unknown): ProblemItem | null {
  return walk(body, [], 0, { keys: 0 }, false)
}

/**
 * The path is a stack of segments turned into a pointer only when a limit is broken: most bodies break none, and
 * building a pointer string per value was a measurable share of bulk ingestion.
 */
function walk (value: unknown, path: Array<string | number>, depth: number, state: { keys: number }, inAnalysis: boolean): ProblemItem | null {
  if (typeof value === 'string') {
    return inAnalysis && value.length > LIMITS.stringLength ? violation(path, `string longer than ${LIMITS.stringLength} characters`) : null
  }
  if (typeof value !== 'object' || value === null) return null
  if (inAnalysis && depth > LIMITS.depth) return violation(path, `nesting deeper than ${LIMITS.depth} levels`)
  if (path.length > MAX_BODY_DEPTH) return violation(path, `nesting deeper than ${MAX_BODY_DEPTH} levels`)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i)
      const found = walk(value[i], path, depth + 1, state, inAnalysis)
      path.pop()
      if (found !== null) return found
    }
    return null
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    path.push(key)
    if (FORBIDDEN_KEYS.has(key)) return violation(path, `the key '${key}' is not accepted`)
    const entering = inAnalysis || (path.length === 1 && key === 'image_analysis')
    if (inAnalysis && ++state.keys > LIMITS.keys) return violation(path, `more than ${LIMITS.keys} keys in image_analysis`)
    const found = walk((value as Record<string, unknown>)[key], path, entering ? depth + 1 : depth, state, entering)
    path.pop()
    if (found !== null) return found
  }
  return null
}

function violation (path: Array<string | number>, detail: string): ProblemItem {
  return { pointer: toPointer('', path), detail }
}
