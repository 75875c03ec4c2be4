import type { estypes } from '@elastic/elasticsearch'
import type { FacetCount, FacetCounts, SearchHit } from '../../schemas/search.ts'
import { facetView } from '../analyses/facet-view.ts'
import type { HitSource, SortValue } from './build-search-request.ts'
import type { CanonicalQuery } from './canonical-query.ts'
import { focalBucketCounts } from '../focal-buckets.ts'
import { scopeTerms, selectedValues } from './facet-aggs.ts'

export interface ShapedPage {
  total: number
  hits: SearchHit[]
  counts?: FacetCounts
  /** Sort values of the last hit returned, when more hits follow. */
  after: SortValue[] | null
}

type Response = estypes.SearchResponse<HitSource>

/** Elasticsearch's answer to buildSearchRequest → the page clients see (without its cursor). */
export function shapeSearchResponse (response: Response, query: CanonicalQuery): ShapedPage {
  const raw = response.hits.hits
  const more = raw.length > query.size
  const page = raw.slice(0, query.size)
  return {
    total: totalOf(response.hits.total),
    hits: page.map(hit => toHit(hit, query)),
    ...(response.aggregations !== undefined && query.facets.length > 0 ? { counts: shapeCounts(response.aggregations, query) } : {}),
    // Only the explicit sort values: a point in time appends its own tie-breaker, which `id` makes useless.
    after: more ? (page[page.length - 1]!.sort as SortValue[]).slice(0, sortLength(query)) : null
  }
}

/** The hit count of an answer that tracked total hits (as a number, or as {value, relation}). */
export function totalOf (total: number | estypes.SearchTotalHits | undefined): number {
  return typeof total === 'number' ? total : total?.value ?? 0
}

function sortLength (query: CanonicalQuery): number {
  return query.sort === 'newest' || query.sort === 'oldest' ? 2 : 3
}

/** A hit with what `fields` asks for; `image_analysis` is the stored analysis, or the asked sections of it. */
function toHit (hit: estypes.SearchHit<HitSource>, query: CanonicalQuery): SearchHit {
  const source = hit._source!
  const fields = query.fields
  const out: SearchHit = { id: source.id, score: hit._score ?? null }
  if (fields.includes('caption') && source.caption !== undefined) out.caption = source.caption
  if (fields.includes('facets')) out.facets = facetView(source)
  if (fields.includes('highlight')) {
    const highlight = hit.highlight ?? {}
    out.highlight = {
      ...(highlight.caption !== undefined ? { caption: highlight.caption } : {}),
      ...(highlight.analysis_text !== undefined ? { analysis_text: highlight.analysis_text } : {})
    }
  }
  if (source.image_analysis !== undefined) out.image_analysis = source.image_analysis
  else if (fields.some(field => field.startsWith('image_analysis'))) out.image_analysis = {}
  return out
}

function shapeCounts (aggregations: Record<string, unknown>, query: CanonicalQuery): FacetCounts {
  const counts: FacetCounts = { facets: {}, approximate: false }
  for (const name of query.facets) {
    if (name === 'focal_mm') {
      counts.focal_mm = focalBucketCounts((aggregations.focal_mm as { buckets: { buckets: Record<string, { doc_count: number }> } }).buckets.buckets)
      continue
    }
    const top = scopeTerms(aggregations[name], 'top')
    const selected = scopeTerms(aggregations[name], 'selected')
    if (top.error > 0 || selected.error > 0) counts.approximate = true
    counts.facets[name] = facetCounts([...top.buckets, ...selected.buckets], selectedValues(query, name))
  }
  return counts
}

/**
 * Merges buckets with the selected values: a selection is always listed, with count 0 when no hit has it
 * (a zero is added here rather than asked of Elasticsearch with min_doc_count 0, which would answer from the
 * shard's whole vocabulary, other tenants included).
 */
export function facetCounts (buckets: Array<{ key: string, doc_count: number }>, selected: string[]): FacetCount[] {
  const counts = new Map<string, number>()
  for (const bucket of buckets) counts.set(String(bucket.key), bucket.doc_count)
  for (const value of selected) if (!counts.has(value)) counts.set(value, 0)
  return [...counts]
    .map(([value, count]) => ({ value, count, selected: selected.includes(value) }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
}
