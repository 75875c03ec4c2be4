import type { estypes } from '@elastic/elasticsearch'
import type { FacetName } from '../../schemas/facets.ts'
import type { FacetValuesPage } from '../../schemas/search.ts'
import { nonEmpty, TEXT_MATCHES } from './build-search-request.ts'
import type { CanonicalQuery } from './canonical-query.ts'
import { BUCKET_ORDER } from './facet-aggs.ts'
import { allOf, facetField, selectionFilters } from './filters.ts'
import type { SearchTarget } from './search-analyses.ts'
import { facetCounts } from './shape-search-response.ts'
import { textClauses } from './text-query.ts'
import { termSuggesters } from './typo.ts'
import { searchWithTypoTolerance, type TypoAttempt } from './typo-search.ts'

export interface FacetValuesRequest {
  facet: FacetName
  /** Case-insensitive prefix of the values to list. */
  prefix?: string
  size: number
}

/**
 * Typeahead inside one facet: its values among the hits of `query` under every OTHER selection (the facet's
 * own selection is left out, as for its counts in a search), most frequent first.
 */
export async function facetValues (target: SearchTarget, query: CanonicalQuery, request: FacetValuesRequest): Promise<FacetValuesPage> {
  const outcome = await searchWithTypoTolerance(target.es, query, attempt => buildFacetValuesRequest(query, target.index, target.tenant, request, attempt))
  const agg = outcome.response.aggregations?.values as { values: { buckets: Array<{ key: string, doc_count: number }> } }
  const selected = query.filters[request.facet] ?? []
  const values = facetCounts(agg.values.buckets, []).map(count => ({ ...count, selected: selected.includes(count.value) }))
  return { facet: request.facet, values, typo_expanded: outcome.expansions !== undefined }
}

export function buildFacetValuesRequest (query: CanonicalQuery, index: string, tenant: string, request: FacetValuesRequest, attempt: TypoAttempt = {}): estypes.SearchRequest {
  const text = textClauses(query.text, attempt.expansions)
  const prefix = request.prefix === undefined || request.prefix === '' ? undefined : `${escapeRegExp(request.prefix.toLowerCase())}.*`
  const field = facetField(request.facet)
  return {
    index,
    routing: tenant,
    size: 0,
    track_total_hits: false,
    query: { bool: { filter: [{ term: { tenant } }], ...nonEmpty('must', text.must), ...nonEmpty('must_not', text.must_not) } },
    aggs: {
      values: {
        filter: allOf(selectionFilters(query, request.facet)),
        // shard_size = size: the tenant's one shard holds the exact top N (see facet-aggs.ts).
        aggs: { values: { terms: { field, size: request.size, shard_size: request.size, order: BUCKET_ORDER, ...(prefix !== undefined ? { include: prefix } : {}) } } }
      },
      ...(attempt.suggest === true || attempt.expansions !== undefined ? TEXT_MATCHES : {})
    },
    ...(attempt.suggest === true ? { suggest: termSuggesters(query.text.terms) } : {})
  }
}

/**
 * Escapes every character of `text` that Lucene's regular expression syntax could read as an operator, so the
 * prefix is matched literally. Letters and digits are left alone (a backslash before some of them, like \d or
 * \w, makes a character class); everything else gets a backslash, which Lucene reads as "this character".
 */
export function escapeRegExp (text: string): string {
  let out = ''
  for (const ch of text) out += /[\p{L}\p{N}]/u.test(ch) ? ch : `\\${ch}`
  return out
}
