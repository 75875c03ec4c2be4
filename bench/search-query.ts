import type { estypes } from '@elastic/elasticsearch'
import type { SearchInput } from '../src/schemas/search.ts'
import { buildSearchRequest } from '../src/search/query/build-search-request.ts'
import { canonicalQuery, searchParams } from '../src/search/query/canonical-query.ts'
import { typoWords } from '../src/search/query/typo.ts'

/** The tenant every benchmark document belongs to. */
export const BENCH_TENANT = 'bench'

/**
 * The benchmark's faceted search: two words, two facet filters, three facets counted. The words are common in
 * the demo corpus (so the text matches and no typo-widening second request runs) and the filters keep a few
 * percent of the documents, at every corpus size.
 */
export const SEARCH_INPUT: SearchInput = { q: 'woman street', lens: ['telephoto'], mood: ['calm'], facets: ['setting', 'lens', 'mood'] }

/** GET /v1/search with the input in its query string (facet values repeated, facets comma-separated). */
export function searchPath (input: SearchInput = SEARCH_INPUT): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(input)) {
    if (name === 'facets') params.append(name, (value as string[]).join(','))
    else if (Array.isArray(value)) for (const item of value) params.append(name, String(item))
    else if (value !== undefined) params.append(name, String(value))
  }
  return `/v1/search?${params.toString()}`
}

/**
 * The Elasticsearch request the service sends for a first page of this search, built by the service's own
 * functions in the same way (route → canonical query → buildSearchRequest; plain words and the last word typed ask for suggestions),
 * so the direct side sends the same JSON (test/bench/search-body.test.ts compares the bytes).
 */
export function directSearchRequest (index: string, tenant: string = BENCH_TENANT, input: SearchInput = SEARCH_INPUT): estypes.SearchRequest {
  const query = canonicalQuery(searchParams(input))
  return buildSearchRequest(query, { index, tenant, ...(typoWords(query.text).length > 0 ? { suggest: true } : {}) })
}
