import type { estypes } from '@elastic/elasticsearch'
import { SEARCH_LIMITS, type SortOrder } from '../../schemas/search.ts'
import type { StoredAnalysis } from '../analyses/stored-analysis.ts'
import type { CanonicalQuery } from './canonical-query.ts'
import { facetAggs } from './facet-aggs.ts'
import { allOf, selectionFilters } from './filters.ts'
import { sourcePaths } from './hit-fields.ts'
import { textClauses, type Expansions } from './text-query.ts'
import { termSuggesters, TEXT_MATCHES, typoWords } from './typo.ts'

export type SortValue = number | string

/** Where a cursor page continues: after these sort values, among documents indexed up to `snapshot`. */
export interface Continuation {
  after: SortValue[]
  /** Epoch milliseconds of the first page. */
  snapshot: number
  /** A point in time (relevance pages 2+); the request then names no index (an Elasticsearch rule). */
  pitId?: string
}

export interface RequestOptions {
  /** The read alias. */
  index: string
  tenant: string
  continuation?: Continuation
  expansions?: Expansions
  /** Ask the term suggesters for corrections (the first try of a first page with plain words). */
  suggest?: boolean
}

export const PIT_KEEP_ALIVE = '2m'

/**
 * Analyses without a focal range sort last either way: an explicit `missing` value beyond every stored length (and
 * below every one for descending) rather than `_last`, so the sort values stay plain numbers a cursor can carry.
 */
const NO_FOCAL = { asc: SEARCH_LIMITS.focalMm.max + 1, desc: -1 }

/** `id` is unique within a tenant, so every sort is a total order and search_after never skips a tie. */
export const SORT_CLAUSES: Record<SortOrder, estypes.SortCombinations[]> = {
  relevance: [{ _score: { order: 'desc' } }, { indexed_at: 'desc' }, { id: 'asc' }],
  newest: [{ indexed_at: 'desc' }, { id: 'asc' }],
  oldest: [{ indexed_at: 'asc' }, { id: 'asc' }],
  focal_mm: [{ focal_mm_lower: { order: 'asc', missing: NO_FOCAL.asc } }, { indexed_at: 'desc' }, { id: 'asc' }],
  '-focal_mm': [{ focal_mm_lower: { order: 'desc', missing: NO_FOCAL.desc } }, { indexed_at: 'desc' }, { id: 'asc' }]
}

/** What a hit of a search page may carry of its document (`fields=` chooses). */
export type HitSource = Pick<StoredAnalysis, 'id'> & Partial<Pick<StoredAnalysis, 'caption' | 'facets' | 'focal_mm' | 'image_analysis'>>

export const HIGHLIGHT: estypes.SearchHighlight = {
  encoder: 'html',
  fields: {
    caption: { number_of_fragments: 0 },
    analysis_text: { number_of_fragments: 3, fragment_size: 150 }
  }
}

/**
 * The one Elasticsearch request of a search page. The selections go to `post_filter`, so the facet
 * aggregations see the text matches before them and apply each other's selections themselves (facet-aggs.ts).
 * A first page carries the aggregations; a cursor page only the hits (facets come with the first page).
 * One hit more than `size` is fetched to know whether a next page exists (none for size 0: counts only).
 */
export function buildSearchRequest (query: CanonicalQuery, options: RequestOptions): estypes.SearchRequest {
  const { tenant, continuation } = options
  const text = textClauses(query.text, options.expansions)
  const filter: estypes.QueryDslQueryContainer[] = [{ term: { tenant } }]
  if (continuation !== undefined) filter.push({ range: { indexed_at: { lte: continuation.snapshot, format: 'epoch_millis' } } })
  const selections = selectionFilters(query)
  const pit = continuation?.pitId
  const firstPage = continuation === undefined
  const aggs = firstPage ? { ...facetAggs(query), ...(options.suggest === true || options.expansions !== undefined ? TEXT_MATCHES : {}) } : {}
  return {
    ...(pit !== undefined ? { pit: { id: pit, keep_alive: PIT_KEEP_ALIVE } } : { index: options.index, routing: tenant }),
    size: query.size === 0 ? 0 : query.size + 1,
    track_total_hits: true,
    _source: sourcePaths(query.fields),
    query: { bool: { filter, ...nonEmpty('must', text.must), ...nonEmpty('must_not', text.must_not) } },
    ...(selections.length > 0 ? { post_filter: allOf(selections) } : {}),
    sort: SORT_CLAUSES[query.sort],
    ...(continuation !== undefined ? { search_after: continuation.after } : {}),
    ...(query.size > 0 && query.fields.includes('highlight') ? { highlight: HIGHLIGHT } : {}),
    ...(Object.keys(aggs).length > 0 ? { aggs } : {}),
    ...(firstPage && options.suggest === true ? { suggest: termSuggesters(typoWords(query.text)) } : {})
  }
}

/**
 * Page 2 of a relevance search opens the point in time, so documents written since page 1 may have moved every
 * score a little (BM25 statistics). This asks the point in time for the current score of page 1's last hit;
 * continuing after that score (instead of the old one) keeps ties and uniformly shifted scores in place.
 */
export function buildAnchorRequest (query: CanonicalQuery, tenant: string, continuation: Continuation & { pitId: string }, expansions?: Expansions): estypes.SearchRequest {
  const text = textClauses(query.text, expansions)
  const id = continuation.after[continuation.after.length - 1]!
  return {
    pit: { id: continuation.pitId, keep_alive: PIT_KEEP_ALIVE },
    size: 1,
    _source: false,
    track_total_hits: false,
    query: {
      bool: {
        filter: [{ term: { tenant } }, { term: { id } }, { range: { indexed_at: { lte: continuation.snapshot, format: 'epoch_millis' } } }],
        ...nonEmpty('must', text.must),
        ...nonEmpty('must_not', text.must_not)
      }
    }
  }
}

export function nonEmpty<K extends string> (key: K, list: estypes.QueryDslQueryContainer[]): Partial<Record<K, estypes.QueryDslQueryContainer[]>> {
  return list.length > 0 ? { [key]: list } as Record<K, estypes.QueryDslQueryContainer[]> : {}
}
