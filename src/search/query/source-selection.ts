import type { estypes } from '@elastic/elasticsearch'
import { SEARCH_LIMITS } from '../../schemas/search.ts'
import { sourcePair } from '../analyses/light-source-index.ts'
import { filterValues } from '../facets/filter-values.ts'

type Query = estypes.QueryDslQueryContainer

/** The keys of a `source` parameter, each naming the facet whose values it takes. */
const SOURCE_KEYS = { type: 'light_source', color: 'light_color' } as const
export type SourceKey = keyof typeof SOURCE_KEYS

/** One `source` parameter: what ONE light source must have (the values of one key OR, keys AND). */
export type SourceSelection = Partial<Record<SourceKey, string[]>>

function isSourceKey (key: string): key is SourceKey {
  return Object.hasOwn(SOURCE_KEYS, key)
}

export function sourceKeyOf (facet: string): SourceKey | undefined {
  return facet === 'light_source' ? 'type' : facet === 'light_color' ? 'color' : undefined
}

/**
 * `type:sunlight,color:golden` → { type: ['sunlight'], color: ['golden'] }, values read like a document's (so
 * `color:Warm White / Golden` takes both), or the reason it cannot be read.
 */
export function parseSource (text: string): SourceSelection | string {
  const selection: SourceSelection = {}
  for (const part of text.split(',')) {
    const colon = part.indexOf(':')
    const key = (colon === -1 ? part : part.slice(0, colon)).trim().toLowerCase()
    if (colon === -1) return `'${preview(part)}' is not key:value (keys are type and color; a value takes alternatives with '/', not ',')`
    if (!isSourceKey(key)) return `'${preview(key)}' is not a key of a source; keys are type and color`
    if (selection[key] !== undefined) return `names ${key} twice; give alternatives as ${key}:a / b, or one source per parameter`
    const values = filterValues(SOURCE_KEYS[key], part.slice(colon + 1))!
    if (values.length === 0) return `${key} has no value`
    if (values.length > SEARCH_LIMITS.sourceValues) return `${key} names more than ${SEARCH_LIMITS.sourceValues} values`
    selection[key] = [...values].sort()
  }
  return selection
}

function preview (text: string): string {
  return text.trim().slice(0, 64)
}

/** The selection without `key`: what the counts of that key's facet keep of it (see docs/search.md). */
export function without (selection: SourceSelection, key: SourceKey): SourceSelection {
  const { [key]: _dropped, ...rest } = selection
  return rest
}

/**
 * The document filter of one source selection. One key: the document-level facet (some source has the value, which
 * is one source having it). Both keys: the pair tokens of light-source-index.ts, which only a source having both
 * values gives, so a plain `terms` query matches on one element without a nested query (those are refused where
 * `search.allow_expensive_queries` is false).
 */
export function sourceFilter (selection: SourceSelection): Query | null {
  const { type, color } = selection
  if (type !== undefined && color !== undefined) return { terms: { light_pairs: type.flatMap(t => color.map(c => sourcePair(t, c))) } }
  if (type !== undefined) return { terms: { 'facets.light_source': type } }
  if (color !== undefined) return { terms: { 'facets.light_color': color } }
  return null
}

/**
 * Where the values of `key`'s facet are counted when sources are selected: among the light sources that match the
 * rest of a selection naming `key` (of any selection when none names it), or null when that rest is empty for one
 * of them (then every source of the documents counts, as without a selection). A nested filter, for the nested
 * aggregation of facet-aggs.ts.
 */
export function sameSourceFilter (sources: readonly SourceSelection[], key: SourceKey): Query | null {
  const naming = sources.filter(selection => selection[key] !== undefined)
  const rests = (naming.length > 0 ? naming : sources).map(selection => without(selection, key))
  if (rests.length === 0 || rests.some(rest => Object.keys(rest).length === 0)) return null
  const clauses = rests.map(rest => ({
    bool: { filter: Object.entries(rest).map(([k, values]) => ({ terms: { [`light_sources.${k}`]: values } })) }
  }))
  return clauses.length === 1 ? clauses[0]! : { bool: { should: clauses, minimum_should_match: 1 } }
}

/** Every value the source selections name for `key` (selected values are always listed in the counts). */
export function sourceValues (sources: readonly SourceSelection[], key: SourceKey): string[] {
  return [...new Set(sources.flatMap(selection => selection[key] ?? []))]
}
