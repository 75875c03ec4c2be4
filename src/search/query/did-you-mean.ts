import type { Client, estypes } from '@elastic/elasticsearch'
import type { FacetName } from '../../schemas/facets.ts'
import { SEARCH_LIMITS, type FacetCount, type FacetCounts } from '../../schemas/search.ts'
import { closestValues } from '../edit-distance.ts'
import { isClosedFacet } from '../facets/filter-values.ts'
import type { CanonicalQuery } from './canonical-query.ts'
import { BUCKET_ORDER, selectedValues } from './facet-aggs.ts'
import { facetField } from './filters.ts'
import { escapeRegExp, oneEditPattern, TYPO_MAX_LENGTH } from './value-match.ts'

type Aggregation = estypes.AggregationsAggregationContainer
type Buckets = { buckets: Array<{ key: string, doc_count: number }> } | undefined

/** Candidates sharing the first two characters, most frequent first: enough to rank, bounded for any vocabulary. */
const SAME_START_CANDIDATES = 100
/** Unknown values that get suggestions, per page: a request selecting hundreds of unknown values gets them for the first. */
const SUGGESTED_VALUES = 10

/**
 * "Did you mean" for a selected value of an open facet that no analysis of the tenant has (closed vocabularies
 * refuse unknown values instead). Every count comes from aggregations under the tenant filter, never from the
 * shard's vocabulary, which holds other tenants' values: `global` lifts the search's text and selections, and a
 * `term` filter on the tenant puts the tenant back.
 */
function tenantScope (tenant: string, aggs: Record<string, Aggregation>): Aggregation {
  return { global: {}, aggs: { tenant: { filter: { term: { tenant } }, aggs } } }
}

/** The counted, selected open facets of a first page. */
function checkedFacets (query: CanonicalQuery): FacetName[] {
  return query.facets.filter((name): name is FacetName => name !== 'focal_mm' && !isClosedFacet(name) && selectedValues(query, name).length > 0)
}

/** Added to a first page's request: how many of the tenant's analyses have each selected value (`known`). */
export function knownValuesAggs (query: CanonicalQuery, tenant: string): Record<string, Aggregation> {
  const facets = checkedFacets(query)
  if (facets.length === 0) return {}
  const aggs: Record<string, Aggregation> = {}
  for (const facet of facets) {
    const selected = selectedValues(query, facet)
    aggs[facet] = { terms: { field: facetField(facet), include: selected, size: selected.length } }
  }
  return { known: tenantScope(tenant, aggs) }
}

/** The selected values the tenant has no analysis of, per facet. */
function unknownValues (aggregations: Record<string, unknown> | undefined, query: CanonicalQuery): Array<[FacetName, string]> {
  const known = (aggregations?.known as { tenant: Record<string, Buckets> } | undefined)?.tenant
  if (known === undefined) return []
  const out: Array<[FacetName, string]> = []
  for (const facet of checkedFacets(query)) {
    const present = new Set((known[facet]?.buckets ?? []).map(bucket => String(bucket.key)))
    for (const value of selectedValues(query, facet)) if (!present.has(value)) out.push([facet, value])
  }
  return out
}

/**
 * The tenant's closest values to each unknown one (edit-distance.ts), in ONE request: candidates are the values one
 * edit away and the most frequent values sharing the first two characters.
 */
async function suggest (es: Client, target: { index: string, tenant: string }, unknown: Array<[FacetName, string]>): Promise<Map<string, string[]>> {
  const aggs: Record<string, Aggregation> = {}
  unknown.forEach(([facet, value], i) => {
    const field = facetField(facet)
    const start = escapeRegExp([...value].slice(0, 2).join(''))
    // The one-edit pattern grows with the square of the length: long values get the same-start candidates only.
    if ([...value].length <= TYPO_MAX_LENGTH) aggs[`near_${i}`] = { terms: { field, include: oneEditPattern(value), size: SAME_START_CANDIDATES } }
    aggs[`start_${i}`] = { terms: { field, include: `${start}.*`, size: SAME_START_CANDIDATES, order: BUCKET_ORDER } }
  })
  const answer = await es.search({ index: target.index, routing: target.tenant, size: 0, track_total_hits: false, query: { match_none: {} }, aggs: { known: tenantScope(target.tenant, aggs) } })
  const found = (answer.aggregations?.known as { tenant: Record<string, Buckets> }).tenant
  const out = new Map<string, string[]>()
  unknown.forEach(([facet, value], i) => {
    const candidates = [...found[`near_${i}`]?.buckets ?? [], ...found[`start_${i}`]?.buckets ?? []].map(b => ({ value: String(b.key), count: b.doc_count }))
    const close = closestValues(value, candidates, SEARCH_LIMITS.didYouMean)
    if (close.length > 0) out.set(suggestionKey(facet, value), close)
  })
  return out
}

function suggestionKey (facet: FacetName, value: string): string {
  return `${facet}\n${value}`
}

/** The counts of a first page with `did_you_mean` on each selected value the tenant has no analysis of. */
export async function addSuggestions (es: Client, target: { index: string, tenant: string }, query: CanonicalQuery, aggregations: Record<string, unknown> | undefined, counts: FacetCounts | undefined): Promise<void> {
  const unknown = unknownValues(aggregations, query).slice(0, SUGGESTED_VALUES)
  if (unknown.length === 0 || counts === undefined) return
  const suggestions = await suggest(es, target, unknown)
  for (const [facet, list] of Object.entries(counts.facets) as Array<[FacetName, FacetCount[]]>) {
    counts.facets[facet] = list.map(count => {
      const close = count.selected ? suggestions.get(suggestionKey(facet, count.value)) : undefined
      return close === undefined ? count : { ...count, did_you_mean: close }
    })
  }
}
