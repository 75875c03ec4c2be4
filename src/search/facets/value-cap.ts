import type { FacetName, NormalizeWarning } from '../../schemas/facets.ts'
import { SEARCH_LIMITS } from '../../schemas/search.ts'
import { trimEdges } from './text.ts'

/**
 * Longest facet value, in UTF-16 code units: the longest filter value a search accepts, so that every stored value
 * can be selected. It also keeps a value far below Lucene's limit of 32,766 bytes per keyword term (at most 3 bytes
 * of UTF-8 per code unit: 600 bytes), past which Elasticsearch refuses the whole document.
 */
export const MAX_FACET_VALUE = SEARCH_LIMITS.valueLength

/** The value cut to MAX_FACET_VALUE code units (never inside a surrogate pair), trailing spaces and punctuation trimmed. */
export function capValue (value: string): string {
  if (value.length <= MAX_FACET_VALUE) return value
  const high = value.charCodeAt(MAX_FACET_VALUE - 1)
  const end = high >= 0xd800 && high <= 0xdbff ? MAX_FACET_VALUE - 1 : MAX_FACET_VALUE
  return trimEdges(value.slice(0, end))
}

/** `values` with each one capped; one warning for the facet when any was cut. */
export function capValues (values: string[], facet: FacetName, pointer: string, warnings: NormalizeWarning[]): string[] {
  if (values.every(value => value.length <= MAX_FACET_VALUE)) return values
  warnings.push({ code: 'facet_value_too_long', facet, pointer, detail: `a value longer than ${MAX_FACET_VALUE} characters was cut to its first ${MAX_FACET_VALUE}` })
  return values.map(capValue).filter(value => value !== '')
}
