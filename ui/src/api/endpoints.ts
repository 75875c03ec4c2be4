import { call } from './client.ts'
import type { Analysis, CacheStats, Dashboard, FacetValuesPage, Me, ReindexJob, SearchPage, SimilarPage } from './types.ts'

/** The routes of the API the page uses, one function each. */

export async function fetchMe (signal?: AbortSignal): Promise<Me> {
  return (await call<Me>('/v1/me', { signal })).body!
}

export async function fetchSearch (query: URLSearchParams, signal?: AbortSignal): Promise<SearchPage> {
  return (await call<SearchPage>(`/v1/search?${query}`, { signal })).body!
}

export async function fetchFacetValues (facet: string, query: URLSearchParams, signal?: AbortSignal): Promise<FacetValuesPage> {
  return (await call<FacetValuesPage>(`/v1/facets/${encodeURIComponent(facet)}/values?${query}`, { signal })).body!
}

export async function fetchAnalysis (id: string, signal?: AbortSignal): Promise<{ analysis: Analysis, etag: string }> {
  const answer = await call<Analysis>(`/v1/analyses/${encodeURIComponent(id)}`, { signal })
  return { analysis: answer.body!, etag: answer.headers.get('etag') ?? '' }
}

export async function fetchSimilar (id: string, size: number, signal?: AbortSignal): Promise<SimilarPage> {
  return (await call<SimilarPage>(`/v1/analyses/${encodeURIComponent(id)}/similar?size=${size}&fields=caption,facets`, { signal })).body!
}

/** Deletes only the version the user looked at: If-Match makes a concurrent change a 412 instead of a loss. */
export async function deleteAnalysis (id: string, etag: string): Promise<void> {
  await call(`/v1/analyses/${encodeURIComponent(id)}?refresh=wait_for`, { method: 'DELETE', headers: { 'if-match': etag } })
}

interface DashboardAnswer {
  dashboard: Dashboard
  /** The same ETag as the last answer's when the browser's revalidation got a 304: nothing changed. */
  etag: string | null
  cacheStatus: string | null
}

export async function fetchDashboard (signal?: AbortSignal): Promise<DashboardAnswer> {
  const answer = await call<Dashboard>('/v1/dashboard', { signal })
  return { dashboard: answer.body!, etag: answer.headers.get('etag'), cacheStatus: answer.headers.get('cache-status') }
}

export async function fetchCacheStats (): Promise<CacheStats> {
  return (await call<CacheStats>('/v1/admin/cache/stats')).body!
}

export async function flushCache (): Promise<void> {
  await call('/v1/admin/cache/flush', { method: 'POST' })
}

export async function startReindex (): Promise<ReindexJob> {
  return (await call<ReindexJob>('/v1/admin/reindex', { method: 'POST' })).body!
}

export async function fetchReindex (): Promise<ReindexJob> {
  return (await call<ReindexJob>('/v1/admin/reindex')).body!
}
