import type { Client, estypes } from '@elastic/elasticsearch'
import type { CanonicalQuery } from './canonical-query.ts'
import type { Expansions } from './text-query.ts'
import { lastWordProbe, typoExpansions, typoWords } from './typo.ts'
import { totalOf } from './shape-search-response.ts'

export interface TypoAttempt {
  suggest?: boolean
  expansions?: Expansions
}

export interface TypoOutcome<T> {
  response: estypes.SearchResponse<T>
  /** Set when the answer is the widened query's: later pages must widen the same way. */
  expansions?: Expansions
}

/**
 * Runs a first-page request with typo tolerance. Normally ONE request: the query plus term suggesters. Only
 * when the text matched no document of the tenant (then a probe asks whether the last word typed matches alone)
 * and a suggester corrected a word (or the last word, unknown, is long enough for a typo) does a second request run, with each corrected word widened to (word OR
 * corrections) and the last word to the starts of words one typo away. Its answer is kept when it matches something.
 * (A word unknown to the index always leaves an AND query without matches, so no match is the trigger; it also
 * keeps a word known to one field only, like a caption's "woman", from being widened needlessly.)
 */
export async function searchWithTypoTolerance<T> (es: Client, query: CanonicalQuery, scope: { index: string, tenant: string }, build: (attempt: TypoAttempt) => estypes.SearchRequest): Promise<TypoOutcome<T>> {
  const words = typoWords(query.text)
  if (words.length === 0) return { response: await es.search<T>(build({})) }
  const first = await es.search<T>(build({ suggest: true }))
  if (textMatches(first) > 0) return { response: first }
  const probe = lastWordProbe(query.text, scope)
  const lastWordMatches = probe !== undefined && totalOf((await es.search(probe)).hits.total) > 0
  const expansions = typoExpansions(query.text, first.suggest, lastWordMatches)
  if (Object.keys(expansions).length === 0) return { response: first }
  const widened = await es.search<T>(build({ expansions }))
  return textMatches(widened) > 0 ? { response: widened, expansions } : { response: first }
}

function textMatches (response: estypes.SearchResponse<unknown>): number {
  const agg = response.aggregations?.text_matches as { doc_count?: number } | undefined
  return agg?.doc_count ?? 0
}
