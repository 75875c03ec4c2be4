import type { Client } from '@elastic/elasticsearch'
import { esFailure } from '../../clients/elasticsearch-errors.ts'
import type { SearchPage } from '../../schemas/search.ts'
import { buildAnchorRequest, buildSearchRequest, PIT_KEEP_ALIVE, type Continuation, type HitSource } from './build-search-request.ts'
import { queryHash, type CanonicalQuery } from './canonical-query.ts'
import { decodeCursor, encodeCursor, type CursorState } from './cursor.ts'
import { addSuggestions } from './did-you-mean.ts'
import { CursorExpiredError } from './errors.ts'
import { shapeSearchResponse, type ShapedPage } from './shape-search-response.ts'
import type { Expansions } from './text-query.ts'
import { searchWithTypoTolerance } from './typo-search.ts'
import { widenedWords } from './typo.ts'

export interface SearchTarget {
  es: Client
  /** The read alias. */
  index: string
  tenant: string
  cursorSecret: string
}

/**
 * A page of a search. The first page is one Elasticsearch request (hits, facet counts and focal buckets) with
 * no point in time, so it can be cached. Cursor pages continue with search_after among documents indexed up to
 * the first page's time; relevance pages 2+ run in a point in time opened by page 2 so scores stay frozen.
 */
export async function searchAnalyses (target: SearchTarget, query: CanonicalQuery, cursor?: string, now = Date.now()): Promise<SearchPage> {
  if (cursor !== undefined) return cursorPage(target, query, decodeCursor(target.cursorSecret, cursor, { tenant: target.tenant, queryHash: queryHash(query) }))
  const { es, index, tenant } = target
  const outcome = await searchWithTypoTolerance<HitSource>(es, query, target, attempt => buildSearchRequest(query, { index, tenant, ...attempt }))
  const shaped = shapeSearchResponse(outcome.response, query)
  await addSuggestions(es, target, query, shaped.counts)
  return page(target, query, shaped, { snapshot: now, expansions: outcome.expansions })
}

async function cursorPage (target: SearchTarget, query: CanonicalQuery, state: CursorState): Promise<SearchPage> {
  const { es, index, tenant } = target
  const expansions = state.expansions !== undefined ? { expansions: state.expansions } : {}
  let continuation: Continuation = { after: state.after, snapshot: state.snapshot, ...(state.pitId !== undefined ? { pitId: state.pitId } : {}) }
  let opened: string | undefined
  let response
  try {
    if (query.sort === 'relevance' && state.pitId === undefined) {
      opened = (await es.openPointInTime({ index, routing: tenant, keep_alive: PIT_KEEP_ALIVE })).id
      continuation = await reanchor(es, query, tenant, { ...continuation, pitId: opened }, state.expansions)
    }
    response = await es.search<HitSource>(buildSearchRequest(query, { index, tenant, continuation, ...expansions }))
  } catch (error) {
    if (opened !== undefined) await closePit(es, opened)
    throw esFailure(error) === 'expired-context' ? new CursorExpiredError() : error
  }
  const shaped = shapeSearchResponse(response, query)
  const nextPit = response.pit_id ?? continuation.pitId
  if (shaped.after === null && nextPit !== undefined) await closePit(es, nextPit)
  return page(target, query, shaped, { snapshot: state.snapshot, expansions: state.expansions, pitId: nextPit })
}

/** See buildAnchorRequest. When page 1's last hit is gone (deleted or rewritten), its old score is kept. */
async function reanchor (es: Client, query: CanonicalQuery, tenant: string, continuation: Continuation & { pitId: string }, expansions?: Expansions): Promise<Continuation> {
  const answer = await es.search(buildAnchorRequest(query, tenant, continuation, expansions))
  const score = answer.hits.hits[0]?._score
  return typeof score === 'number' ? { ...continuation, after: [score, ...continuation.after.slice(1)] } : continuation
}

function page (target: SearchTarget, query: CanonicalQuery, shaped: ShapedPage, next: { snapshot: number, expansions?: Expansions | undefined, pitId?: string | undefined }): SearchPage {
  const cursor = shaped.after === null
    ? null
    : encodeCursor(target.cursorSecret, {
      tenant: target.tenant,
      queryHash: queryHash(query),
      after: shaped.after,
      snapshot: next.snapshot,
      ...(next.pitId !== undefined ? { pitId: next.pitId } : {}),
      ...(next.expansions !== undefined ? { expansions: next.expansions } : {})
    })
  return {
    total: shaped.total,
    hits: shaped.hits,
    ...shaped.counts,
    typo_expanded: next.expansions !== undefined,
    typos: widenedWords(query.text, next.expansions),
    next_cursor: cursor
  }
}

/** Closing early frees the context now instead of at keep-alive; failing to is harmless (it expires). */
async function closePit (es: Client, id: string): Promise<void> {
  await es.closePointInTime({ id }).catch(() => {})
}
