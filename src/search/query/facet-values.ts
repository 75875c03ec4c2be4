import type { estypes } from '@elastic/elasticsearch'
import { FACETS, isFacetName, type FacetName } from '../../schemas/facets.ts'
import { SEARCH_LIMITS, type FacetCount } from '../../schemas/search.ts'
import type { FacetSearchPage, FacetValuesPage } from '../../schemas/facet-values.ts'
import { nonEmpty } from './build-search-request.ts'
import type { CanonicalQuery } from './canonical-query.ts'
import { listedNames } from './list-parameter.ts'
import { InvalidSearchParameterError } from './errors.ts'
import { facetScope, scopeTerms, selectedValues, type ValueTerms } from './facet-aggs.ts'
import type { SearchTarget } from './search-analyses.ts'
import { facetCounts } from './shape-search-response.ts'
import { textClauses } from './text-query.ts'
import { termSuggesters, TEXT_MATCHES, typoWords, widenedWords } from './typo.ts'
import { searchWithTypoTolerance, type TypoAttempt } from './typo-search.ts'
import { MATCH_KINDS, matchPatterns, valueText } from './value-match.ts'

export interface ValueSearch {
  facets: FacetName[]
  /** What the values must match (value-match.ts); absent or empty: the most frequent values. */
  text?: string
  /** Values listed per facet. */
  size: number
  /** Per facet, merged values whose sources match the text (the tenant's vocabulary, query-vocabulary.ts). */
  merged?: Partial<Record<FacetName, string[]>>
}

/**
 * Typeahead inside one facet: its values among the hits of `query` under every OTHER selection (the facet's own
 * selection is left out, as for its counts in a search), best matches first, then most frequent.
 */
export async function facetValues (target: SearchTarget, query: CanonicalQuery, facet: FacetName, search: Omit<ValueSearch, 'facets'>): Promise<FacetValuesPage> {
  const page = await searchValues(target, query, { ...search, facets: [facet] })
  return { facet, values: page.facets[facet] ?? [], typo_expanded: page.typo_expanded, typos: page.typos }
}

/** The same for several facets at once, in ONE request; facets without a matching value are left out. */
export async function searchValues (target: SearchTarget, query: CanonicalQuery, search: ValueSearch): Promise<FacetSearchPage> {
  const outcome = await searchWithTypoTolerance(target.es, query, target, attempt => buildValuesRequest(query, target, search, attempt))
  const facets: FacetSearchPage['facets'] = {}
  for (const facet of search.facets) {
    const values = matchingValues(outcome.response.aggregations?.[facet], query, facet, search.size)
    if (values.length > 0) facets[facet] = values
  }
  return { facets, typo_expanded: outcome.expansions !== undefined, typos: widenedWords(query.text, outcome.expansions) }
}

export function buildValuesRequest (query: CanonicalQuery, target: Pick<SearchTarget, 'index' | 'tenant'>, search: ValueSearch, attempt: TypoAttempt = {}): estypes.SearchRequest {
  const { index, tenant } = target
  const text = textClauses(query.text, attempt.expansions)
  const terms = valueTerms(search)
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {}
  for (const facet of search.facets) aggs[facet] = facetScope(query, facet, withMerged(terms, search, facet))
  return {
    index,
    routing: tenant,
    size: 0,
    track_total_hits: false,
    query: { bool: { filter: [{ term: { tenant } }], ...nonEmpty('must', text.must), ...nonEmpty('must_not', text.must_not) } },
    aggs: { ...aggs, ...(attempt.suggest === true || attempt.expansions !== undefined ? TEXT_MATCHES : {}) },
    ...(attempt.suggest === true ? { suggest: termSuggesters(typoWords(query.text)) } : {})
  }
}

/** One terms aggregation per kind of match, each `size` long (a merge keeps the best `size`), or the top values. */
function valueTerms (search: ValueSearch): Record<string, ValueTerms> {
  const patterns = matchPatterns(valueText(search.text ?? ''))
  if (patterns.prefix === undefined) return { top: { size: search.size } }
  const terms: Record<string, ValueTerms> = {}
  for (const kind of MATCH_KINDS) {
    const include = patterns[kind]
    if (include !== undefined) terms[kind] = { size: search.size, include }
  }
  return terms
}

/** A merged value found by one of its sources is listed by its exact value, after the text's own matches. */
function withMerged (terms: Record<string, ValueTerms>, search: ValueSearch, facet: FacetName): Record<string, ValueTerms> {
  const merged = search.merged?.[facet]
  return merged === undefined ? terms : { ...terms, merged: { size: merged.length, include: merged } }
}

/** Prefix matches first, then word matches, then typo matches, each by count; a value is listed once, at its best. */
function matchingValues (scope: unknown, query: CanonicalQuery, facet: FacetName, size: number): FacetCount[] {
  if (scope === undefined) return []
  const selected = selectedValues(query, facet)
  const out = new Map<string, FacetCount>()
  for (const kind of ['top', ...MATCH_KINDS, 'merged']) {
    for (const count of facetCounts(scopeTerms(scope, kind).buckets, [])) {
      if (!out.has(count.value)) out.set(count.value, { ...count, selected: selected.includes(count.value) })
    }
  }
  return [...out.values()].slice(0, size)
}

/**
 * A value search as the domain takes it, canonical (so it can key the cache): the facets given (comma-separated or
 * repeated, all by default), the text as values are stored (valueText), the size defaulted.
 */
export function valueSearch (input: { facets?: string[] | undefined, text?: string | undefined, size?: number | undefined }): ValueSearch {
  const text = valueText(input.text ?? '')
  return { facets: facetsToSearch(input.facets), size: input.size ?? SEARCH_LIMITS.valuesSize.default, ...(text !== '' ? { text } : {}) }
}

function facetsToSearch (entries: string[] | undefined): FacetName[] {
  if (entries === undefined) return [...FACETS]
  const names = [...new Set(listedNames(entries))]
  const unknown = names.filter(name => !isFacetName(name))
  if (unknown.length > 0) throw InvalidSearchParameterError.of('facets', `facets names an unknown facet '${unknown[0]!.slice(0, 64)}'; known are ${FACETS.join(', ')}`)
  return (names as FacetName[]).sort()
}
