import type { LoadResult } from './load.ts'
import { get, measured, type ReadContext } from './read-scenarios.ts'
import { SEARCH_INPUT, searchPath } from './search-query.ts'

/**
 * Scenario t: the uncached search while typing against today's plain query, side by side in one run (issue 12).
 * Plain: the bench's search with a trailing space, so every word is whole (the request of before as you type).
 * Typing: its last word unfinished, "woman stre": the prefix clause on the `words` sub-fields and the typo trigger
 * aggregation of the last word, typo tolerance on as always (its second request runs only when nothing matches, as
 * before). Both `Cache-Control: no-cache`: computed from Elasticsearch every time.
 */
const PLAIN_INPUT = { ...SEARCH_INPUT, q: 'woman street ' }
const TYPING_INPUT = { ...SEARCH_INPUT, q: 'woman stre' }

export interface TypingResult {
  typing: LoadResult & { attempts: number, total: number }
  plain: LoadResult & { attempts: number, total: number }
}

export async function typingScenario (ctx: ReadContext): Promise<TypingResult> {
  const headers = { authorization: `Bearer ${ctx.token}`, 'cache-control': 'no-cache' }
  const side = async (input: typeof PLAIN_INPUT) => {
    const url = `${ctx.service.url}${searchPath(input)}`
    const answer = await get(url, headers)
    const total = (JSON.parse(answer.body) as { total?: number }).total
    if (typeof total !== 'number') throw new Error(`${searchPath(input)} answered no total: ${answer.body.slice(0, 200)}`)
    return { ...await measured(ctx, { url, headers }), total }
  }
  const plain = await side(PLAIN_INPUT)
  const typing = await side(TYPING_INPUT)
  return { typing, plain }
}
