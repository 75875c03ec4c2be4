/**
 * Safe reading of facet sources from an `image_analysis` of unknown shape. Nothing here throws for
 * JSON-like input (what JSON.parse produces); every type problem becomes a warning with a JSON pointer.
 *
 * A key whose value is `null` counts as missing (the JSON way to say "no value"), like an absent key:
 * no value and no warning. Inside arrays, `null` is an element of the wrong type.
 */
import type { FacetName, NormalizeWarning } from '../../schemas/facets.ts'

export type WarnedFacet = FacetName | 'focal_mm'

/** Where the analysis sits in the request body; every pointer starts here. */
export const ROOT_POINTER = '/image_analysis'

/** RFC 6901: `~` becomes `~0`, `/` becomes `~1` (in that order). */
export function escapePointerToken (token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1')
}

export function toPointer (base: string, tokens: ReadonlyArray<string | number>): string {
  let pointer = base
  for (const token of tokens) pointer += '/' + (typeof token === 'number' ? String(token) : escapePointerToken(token))
  return pointer
}

/** A path under `image_analysis` with the pointer of each of its prefixes computed once. */
export interface SourcePath {
  keys: readonly string[]
  /** `pointers[i]` points at the value reached after `keys[0..i-1]`; `pointers[keys.length]` at the source. */
  pointers: readonly string[]
}

export function sourcePath (...keys: string[]): SourcePath {
  const pointers = [ROOT_POINTER]
  for (let i = 0; i < keys.length; i++) pointers.push(toPointer(ROOT_POINTER, keys.slice(0, i + 1)))
  return { keys, pointers }
}

export function typeName (value: unknown): string {
  if (value === null) return 'null'
  return Array.isArray(value) ? 'array' : typeof value
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function warn (warnings: NormalizeWarning[], facets: readonly WarnedFacet[], pointer: string, detail: string): void {
  for (const facet of facets) warnings.push({ code: 'facet_source_type', facet, pointer, detail })
}

/**
 * The value at `path`, `undefined` when missing (or null), or `undefined` plus a warning per facet when
 * a step on the way is not an object: `{ environment: 'Outdoor' }` cannot hold `environment.setting`.
 */
function readPath (root: unknown, path: SourcePath, facets: readonly WarnedFacet[], warnings: NormalizeWarning[]): unknown {
  let value = root
  for (let i = 0; i < path.keys.length; i++) {
    if (value === undefined || value === null) return undefined
    if (!isRecord(value)) {
      warn(warnings, facets, path.pointers[i], `expected an object, got ${typeName(value)}`)
      return undefined
    }
    value = value[path.keys[i]]
  }
  return value === null ? undefined : value
}

/**
 * The texts of a string-or-array-of-strings value. Any other type (an array holding a non-string
 * included) voids the whole source: one warning, pointing at the value or at its first bad element.
 */
function textsOf (value: unknown, pointer: string, facets: readonly WarnedFacet[], warnings: NormalizeWarning[]): readonly string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'string') {
        warn(warnings, facets, `${pointer}/${i}`, `expected a string, got ${typeName(value[i])} (array elements must all be strings)`)
        return []
      }
    }
    return value
  }
  warn(warnings, facets, pointer, `expected a string or an array of strings, got ${typeName(value)}`)
  return []
}

/** Texts of a direct source such as `environment.setting`. */
export function readTexts (root: unknown, path: SourcePath, facets: readonly WarnedFacet[], warnings: NormalizeWarning[]): readonly string[] {
  const value = readPath(root, path, facets, warnings)
  return value === undefined ? [] : textsOf(value, path.pointers[path.keys.length], facets, warnings)
}

/** An object element of an array source, with the pointer of the element. */
export interface SourceElement {
  element: Record<string, unknown>
  pointer: string
}

/**
 * The object elements of an array source such as `objects` or `lighting.sources`. A bad element is skipped with
 * its own warning; the other elements are still read.
 */
export function readElements (root: unknown, path: SourcePath, facets: readonly WarnedFacet[], warnings: NormalizeWarning[]): SourceElement[] {
  const list = readPath(root, path, facets, warnings)
  if (list === undefined) return []
  const listPointer = path.pointers[path.keys.length]
  if (!Array.isArray(list)) {
    warn(warnings, facets, listPointer, `expected an array of objects, got ${typeName(list)}`)
    return []
  }
  const elements: SourceElement[] = []
  for (let i = 0; i < list.length; i++) {
    const element: unknown = list[i]
    if (isRecord(element)) elements.push({ element, pointer: `${listPointer}/${i}` })
    else warn(warnings, facets, `${listPointer}/${i}`, `expected an object, got ${typeName(element)}`)
  }
  return elements
}

/** Texts of one field of an element (a string or an array of strings; missing or null gives none). */
export function fieldTexts (source: SourceElement, field: string, facets: readonly WarnedFacet[], warnings: NormalizeWarning[]): readonly string[] {
  const value = source.element[field]
  if (value === undefined || value === null) return []
  // The common case first, so no pointer string is built for well-formed elements.
  if (typeof value === 'string') return [value]
  return textsOf(value, toPointer(source.pointer, [field]), facets, warnings)
}

/** Texts of a field of every element of an array source, such as `objects[].name`. */
export function readElementTexts (
  root: unknown, path: SourcePath, field: string, facets: readonly WarnedFacet[], warnings: NormalizeWarning[]
): string[] {
  const texts: string[] = []
  for (const source of readElements(root, path, facets, warnings)) texts.push(...fieldTexts(source, field, facets, warnings))
  return texts
}
