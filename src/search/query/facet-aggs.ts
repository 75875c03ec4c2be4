import type { estypes } from '@elastic/elasticsearch'
import type { FacetName } from '../../schemas/facets.ts'
import { focalBucketsAggregation } from '../focal-buckets.ts'
import type { CanonicalQuery } from './canonical-query.ts'
import { allOf, facetField, selectionFilters } from './filters.ts'
import { sameSourceFilter, sourceKeyOf, sourceValues } from './source-selection.ts'

type Aggregation = estypes.AggregationsAggregationContainer

/** Answers of Elasticsearch agree on this order, so equal counts always list in the same order. */
export const BUCKET_ORDER: Array<Record<string, estypes.SortOrder>> = [{ _count: 'desc' }, { _key: 'asc' }]
/** The same order for values counted on light sources: by the documents they are in (`docs`), not the sources. */
const DOCS_ORDER: Array<Record<string, estypes.SortOrder>> = [{ docs: 'desc' }, { _key: 'asc' }]

/** One list of a facet's values: how many, and which (an `include` regexp or the exact values). */
export interface ValueTerms {
  size: number
  include?: string | string[]
}

/**
 * Disjunctive facet counts. Each requested facet gets a `filter` aggregation holding every OTHER selection,
 * so its counts say "how many hits would I get by also ticking this value". Under it:
 * - `top`: the facet_size most frequent values. `shard_size` equals `size` on purpose: every request is
 *   routed by tenant to the one shard holding the tenant, and the top N of the only shard searched is the
 *   exact top N (over-fetching would only cost memory). `approximate` in the answer checks it anyway.
 * - `selected`: exactly the selected values (`include` list), so a selection is listed even outside the top N.
 * The focal buckets (src/search/focal-buckets.ts, shared with the dashboard) sit under every selection except
 * the focal filters, by the same rule.
 */
export function facetAggs (query: CanonicalQuery): Record<string, Aggregation> {
  const aggs: Record<string, Aggregation> = {}
  for (const name of query.facets) {
    if (name === 'focal_mm') {
      aggs.focal_mm = { filter: allOf(selectionFilters(query, 'focal_mm')), aggs: { buckets: focalBucketsAggregation() as Aggregation } }
    } else {
      const selected = selectedValues(query, name)
      aggs[name] = facetScope(query, name, {
        top: { size: query.facetSize },
        ...(selected.length > 0 ? { selected: { size: selected.length, include: selected } } : {})
      })
    }
  }
  return aggs
}

/** The values a query selects of a facet: its own, and for light_source/light_color those of the `source` selections. */
export function selectedValues (query: CanonicalQuery, name: FacetName): string[] {
  const own = query.filters[name] ?? []
  const key = sourceKeyOf(name)
  if (key === undefined || query.sources.length === 0) return own
  return [...new Set([...own, ...sourceValues(query.sources, key)])].sort()
}

/**
 * Counts `name`'s values under every selection but its own (see above), one terms aggregation per entry of
 * `terms`. Under `source` selections, light_source and light_color are counted on the light sources that match the
 * rest of a selection (docs/search.md): a nested aggregation whose buckets count documents (`reverse_nested`), so
 * each count is still a number of analyses.
 */
export function facetScope (query: CanonicalQuery, name: FacetName, terms: Record<string, ValueTerms>): Aggregation {
  const filter = allOf(selectionFilters(query, name))
  const key = sourceKeyOf(name)
  const same = key === undefined ? null : sameSourceFilter(query.sources, key)
  if (same === null) return { filter, aggs: termsAggs(facetField(name), terms, false) }
  return {
    filter,
    aggs: { sources: { nested: { path: 'light_sources' }, aggs: { same: { filter: same, aggs: termsAggs(`light_sources.${key!}`, terms, true) } } } }
  }
}

function termsAggs (field: string, terms: Record<string, ValueTerms>, nested: boolean): Record<string, Aggregation> {
  const out: Record<string, Aggregation> = {}
  for (const [name, { size, include }] of Object.entries(terms)) {
    out[name] = {
      terms: { field, size, shard_size: size, order: nested ? DOCS_ORDER : BUCKET_ORDER, ...(include !== undefined ? { include } : {}) },
      ...(nested ? { aggs: { docs: { reverse_nested: {} } } } : {})
    }
  }
  return out
}

export interface ValueBucket { key: string, doc_count: number }
interface RawTerms { doc_count_error_upper_bound?: number, buckets: Array<{ key: string, doc_count: number, docs?: { doc_count: number } }> }

/** The buckets of facetScope's terms aggregation `name` (absent: none), each counting analyses, and its error bound. */
export function scopeTerms (scope: unknown, name: string): { buckets: ValueBucket[], error: number } {
  const outer = scope as Record<string, unknown> & { sources?: { same: Record<string, RawTerms | undefined> } }
  const raw = (outer.sources !== undefined ? outer.sources.same[name] : outer[name]) as RawTerms | undefined
  if (raw === undefined) return { buckets: [], error: 0 }
  const buckets = raw.buckets.map(b => ({ key: String(b.key), doc_count: b.docs?.doc_count ?? b.doc_count }))
  return { buckets, error: Math.max(0, raw.doc_count_error_upper_bound ?? 0) }
}
