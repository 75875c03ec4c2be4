import type { estypes } from '@elastic/elasticsearch'
import type { FacetName } from '../../schemas/facets.ts'
import { focalBucketsAggregation } from '../focal-buckets.ts'
import type { CanonicalQuery } from './canonical-query.ts'
import { allOf, facetField, selectionFilters } from './filters.ts'

type Aggregation = estypes.AggregationsAggregationContainer

/** Answers of Elasticsearch agree on this order, so equal counts always list in the same order. */
export const BUCKET_ORDER: Array<Record<string, estypes.SortOrder>> = [{ _count: 'desc' }, { _key: 'asc' }]

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
      aggs[name] = facetAgg(query, name)
    }
  }
  return aggs
}

function facetAgg (query: CanonicalQuery, name: FacetName): Aggregation {
  const field = facetField(name)
  const selected = query.filters[name] ?? []
  return {
    filter: allOf(selectionFilters(query, name)),
    aggs: {
      top: { terms: { field, size: query.facetSize, shard_size: query.facetSize, order: BUCKET_ORDER } },
      ...(selected.length > 0 ? { selected: { terms: { field, include: selected, size: selected.length } } } : {})
    }
  }
}
