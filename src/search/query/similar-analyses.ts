import type { estypes } from '@elastic/elasticsearch'
import { FACETS } from '../../schemas/facets.ts'
import type { SimilarInput, SimilarPage } from '../../schemas/search.ts'
import { SEARCH_LIMITS } from '../../schemas/search.ts'
import { getAnalysis } from '../analyses/analyses-store.ts'
import { esId } from '../analyses/ids.ts'
import type { StoredAnalysis } from '../analyses/stored-analysis.ts'
import type { IndexNames } from '../index/index-names.ts'
import { HIGHLIGHT, SORT_CLAUSES, type HitSource } from './build-search-request.ts'
import { canonicalQuery, searchParams, type CanonicalQuery } from './canonical-query.ts'
import { facetField, selectionFilters } from './filters.ts'
import { sourcePaths } from './hit-fields.ts'
import type { SearchTarget } from './search-analyses.ts'
import { shapeSearchResponse } from './shape-search-response.ts'
import { textClauses } from './text-query.ts'

type Query = estypes.QueryDslQueryContainer

/** Shared facet values weighed per analysis, at most this many per facet (a long objects list stays bounded). */
const VALUES_PER_FACET = 10
/** Candidates sharing fewer facet values than this count only through their text. */
const SHARED_VALUES = 2

/** Elasticsearch highlights no more_like_this term, so hits carry no highlight unless asked (then: the words of q). */
const DEFAULT_FIELDS = ['caption,facets']

/** The similar-analyses query as the domain takes it: the search's selection, the size and hit fields; relevance only. */
export function similarQuery (input: Partial<SimilarInput>): CanonicalQuery {
  const { size = SEARCH_LIMITS.similarSize.default, fields = DEFAULT_FIELDS } = input
  return canonicalQuery({ ...searchParams(input), size, fields, sort: 'relevance', facets: [''] })
}

/**
 * The tenant's analyses most like analysis `id` (404 when the tenant has none of that id: another tenant's is
 * never read). Two requests: a GET of the analysis (its existence for this tenant, its facet values), then one
 * search of candidates filtered by tenant and by the selection, scored by `more_like_this` over the caption and
 * the analysis text plus one term query per shared facet value (rarer values weigh more, as BM25's idf has it).
 */
export async function similarAnalyses (target: SearchTarget, names: IndexNames, id: string, query: CanonicalQuery): Promise<SimilarPage> {
  const { document } = await getAnalysis(target.es, names, target.tenant, id)
  const response = await target.es.search<HitSource>(buildSimilarRequest(query, target, document))
  const shaped = shapeSearchResponse(response, query)
  return { id, total: shaped.total, hits: shaped.hits }
}

/**
 * `more_like_this` with `like: [{ _index, _id, routing }]` reads the stored analysis by its Elasticsearch id, which
 * carries the tenant (ids.ts), so the terms are picked from this analysis only; their statistics (how rare a term
 * is) are the shard's, as for every score. Candidates are filtered by tenant in the bool's `filter`, so no other
 * tenant's analysis is ever a hit; the analysis itself is excluded (`include: false` and by id).
 */
function buildSimilarRequest (query: CanonicalQuery, target: Pick<SearchTarget, 'index' | 'tenant'>, document: Pick<StoredAnalysis, 'id' | 'facets'>): estypes.SearchRequest {
  const { index, tenant } = target
  const self = esId(tenant, document.id)
  const text = textClauses(query.text)
  const likeText: Query = {
    more_like_this: {
      fields: ['caption', 'analysis_text'],
      like: [{ _index: index, _id: self, routing: tenant }],
      // One analysis is short: a word once is a word of it; a word of one analysis only still says nothing of others.
      min_term_freq: 1,
      min_doc_freq: 2,
      max_query_terms: 25,
      minimum_should_match: '30%',
      include: false
    }
  }
  const shared = sharedValues(document)
  const likeFacets: Query[] = shared.length >= SHARED_VALUES ? [{ bool: { should: shared, minimum_should_match: SHARED_VALUES } }] : []
  return {
    index,
    routing: tenant,
    size: query.size,
    track_total_hits: true,
    _source: sourcePaths(query.fields),
    query: {
      bool: {
        filter: [{ term: { tenant } }, ...selectionFilters(query)],
        must: [...text.must, { bool: { should: [likeText, ...likeFacets], minimum_should_match: 1 } }],
        must_not: [{ ids: { values: [self] } }, ...text.must_not]
      }
    },
    sort: SORT_CLAUSES.relevance,
    ...(query.fields.includes('highlight') ? { highlight: HIGHLIGHT } : {})
  }
}

function sharedValues (document: Pick<StoredAnalysis, 'facets'>): Query[] {
  return FACETS.flatMap(facet => (document.facets[facet] ?? []).slice(0, VALUES_PER_FACET).map(value => ({ term: { [facetField(facet)]: value } })))
}
