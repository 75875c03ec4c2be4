import { LIMITS } from './analysis-input.ts'

export interface LimitViolation {
  pointer: string
  detail: string
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Nesting allowed anywhere in a body (an analysis inside a bulk array inside…): far above any legitimate request,
 * and low enough that walking a hostile `[[[[…` of any depth stops long before the call stack does.
 */
export const MAX_BODY_DEPTH = 2 * LIMITS.depth

/**
 * Walks a parsed body once and returns the first structural limit it breaks, with a JSON pointer to the place:
 * prototype-polluting keys anywhere, and inside `image_analysis` nesting depth, total key count and string length.
 */
export function checkLimits (body: unknown): LimitViolation | null {
  const state = { keys: 0 }
  return walk(body, '', 0, 0, state, false)
}

function walk (value: unknown, pointer: string, level: number, depth: number, state: { keys: number }, inAnalysis: boolean): LimitViolation | null {
  if (typeof value === 'string') {
    return inAnalysis && value.length > LIMITS.stringLength
      ? { pointer, detail: `string longer than ${LIMITS.stringLength} characters` }
      : null
  }
  if (typeof value !== 'object' || value === null) return null
  if (inAnalysis && depth > LIMITS.depth) return { pointer, detail: `nesting deeper than ${LIMITS.depth} levels` }
  if (level > MAX_BODY_DEPTH) return { pointer, detail: `nesting deeper than ${MAX_BODY_DEPTH} levels` }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], `${pointer}/${i}`, level + 1, depth + 1, state, inAnalysis)
      if (found !== null) return found
    }
    return null
  }
  for (const key of Object.keys(value)) {
    const here = `${pointer}/${escapePointer(key)}`
    if (FORBIDDEN_KEYS.has(key)) return { pointer: here, detail: `the key '${key}' is not accepted` }
    const entering = inAnalysis || (pointer === '' && key === 'image_analysis')
    if (inAnalysis && ++state.keys > LIMITS.keys) return { pointer: here, detail: `more than ${LIMITS.keys} keys in image_analysis` }
    const found = walk((value as Record<string, unknown>)[key], here, level + 1, entering ? depth + 1 : depth, state, entering)
    if (found !== null) return found
  }
  return null
}

export function escapePointer (key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1')
}
