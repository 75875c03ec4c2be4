/**
 * The API's shapes as the page reads them: each one is the server's own TypeBox schema (type imports only,
 * nothing of the server is bundled), so a change of the API is a type error here.
 */
import type { Static } from 'typebox'
import type { Problem } from '../../../src/schemas/problem.ts'
import type { FacetView } from '../../../src/schemas/facets.ts'
import type { Dashboard } from '../../../src/schemas/dashboard.ts'
import type { FacetValuesResponse } from '../../../src/schemas/facet-values.ts'
import type { SearchInput, SearchResponse, SimilarResponse } from '../../../src/schemas/search.ts'
import type { AnalysisResponse } from '../../../src/schemas/analysis.ts'
import type { CacheStatsSchema } from '../../../src/schemas/cache-stats.ts'
import type { ReindexJobSchema } from '../../../src/schemas/reindex-job.ts'
import type { Me } from '../../../src/schemas/me.ts'

export type { Dashboard, FacetView, Me, Problem }

// `facets` is a $ref in the schemas, which TypeBox leaves untyped: the FacetView type says what it holds.
type WithFacets<T> = Omit<T, 'facets'> & { facets: FacetView }

export type SearchPage = Omit<Static<typeof SearchResponse>, 'hits'> & { hits: SearchHit[] }
export type SearchHit = WithFacets<Static<typeof SearchResponse>['hits'][number]>
export type FacetCounts = NonNullable<SearchPage['facets']>
export type FocalBucket = NonNullable<SearchPage['focal_mm']>[number]
export type FacetValuesPage = Static<typeof FacetValuesResponse>
export type Sort = NonNullable<SearchInput['sort']>
export type SimilarPage = Omit<Static<typeof SimilarResponse>, 'hits'> & { hits: SearchHit[] }
export type Analysis = WithFacets<Static<typeof AnalysisResponse>>
export type CacheStats = Static<typeof CacheStatsSchema>
export type ReindexJob = Static<typeof ReindexJobSchema>
