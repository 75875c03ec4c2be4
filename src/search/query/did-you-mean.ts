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
 * shard's vocabulary, which holds other tenants' values.
 *
 * The first page's request asks nothing for it: a selected value its facet counts at least once (`selected`,
 * facet-aggs.ts) is one the tenant has. Only a value counted 0 there (no hit under the text and the other
 * selections) may be unknown, and only then does a second request ask the tenant's analyses for it and for its
 * candidates. (Asking every first page, a `global` aggregation under the tenant filter read every document of the
 * shard: the largest part of the request at 100k documents, and growing with the index — docs/search.md.)
 */

/** The counted, selected open facets of a first page. */
function checkedFacets (query: CanonicalQuery): FacetName[] {
  return query.facets.filter((name): name is FacetName => name !== 'focal_mm' && !isClosedFacet(name) && selectedValues(query, name).length > 0)
}

/** The selected values of the counted open facets that no hit of their facet's scope has: perhaps unknown. */
function uncountedValues (query: CanonicalQuery, counts: FacetCounts): Array<[FacetName, string]> {
  const out: Array<[FacetName, string]> = []
  for (const facet of checkedFacets(query)) {
    const listed = new Map((counts.facets[facet] ?? []).map(count => [count.value, count.count]))
    for (const value of selectedValues(query, facet)) if ((listed.get(value) ?? 0) === 0) out.push([facet, value])
  }
  return out
}

/**
 * For each of the values, whether the tenant has it (`known_i`) and, for those it has not, its closest values
 * (edit-distance.ts), in ONE request over the tenant's analyses: candidates are the values one edit away and the most
 * frequent values sharing the first two characters.
 */
async function suggest (es: Client, target: { index: string, tenant: string }, values: Array<[FacetName, string]>): Promise<Map<string, string[]>> {
  const aggs: Record<string, Aggregation> = {}
  values.forEach(([facet, value], i) => {
    const field = facetField(facet)
    const start = escapeRegExp([...value].slice(0, 2).join(''))
    aggs[`known_${i}`] = { terms: { field, include: [value], size: 1 } }
    // The one-edit pattern grows with the square of the length: long values get the same-start candidates only.
    if ([...value].length <= TYPO_MAX_LENGTH) aggs[`near_${i}`] = { terms: { field, include: oneEditPattern(value), size: SAME_START_CANDIDATES } }
    aggs[`start_${i}`] = { terms: { field, include: `${start}.*`, size: SAME_START_CANDIDATES, order: BUCKET_ORDER } }
  })
  const { tenant } = target
  const answer = await es.search({ index: target.index, routing: tenant, size: 0, track_total_hits: false, query: { bool: { filter: [{ term: { tenant } }] } }, aggs })
  const found = (answer.aggregations ?? {}) as Record<string, Buckets>
  const out = new Map<string, string[]>()
  values.forEach(([facet, value], i) => {
    if ((found[`known_${i}`]?.buckets.length ?? 0) > 0) return
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
export async function addSuggestions (es: Client, target: { index: string, tenant: string }, query: CanonicalQuery, counts: FacetCounts | undefined): Promise<void> {
  if (counts === undefined) return
  const uncounted = uncountedValues(query, counts).slice(0, SUGGESTED_VALUES)
  if (uncounted.length === 0) return
  const suggestions = await suggest(es, target, uncounted)
  if (suggestions.size === 0) return
  for (const [facet, list] of Object.entries(counts.facets) as Array<[FacetName, FacetCount[]]>) {
    counts.facets[facet] = list.map(count => {
      const close = count.selected ? suggestions.get(suggestionKey(facet, count.value)) : undefined
      return close === undefined ? count : { ...count, did_you_mean: close }
    })
  }
}
