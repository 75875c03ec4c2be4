import type { Client, estypes } from '@elastic/elasticsearch'

const PAGE = 1000
const KEEP_ALIVE = '2m'

export type ScanOptions = Pick<estypes.SearchRequest, '_source' | 'version' | 'seq_no_primary_term'>

/**
 * Every document of `index` matching `query`, page by page, through a point in time with search_after on
 * `_shard_doc` (the cheapest total order): a consistent snapshot while writes go on.
 */
export async function * scanPages<T> (es: Client, index: string, query: estypes.QueryDslQueryContainer, options: ScanOptions = {}): AsyncGenerator<Array<estypes.SearchHit<T>>> {
  let pitId = (await es.openPointInTime({ index, keep_alive: KEEP_ALIVE })).id
  let after: estypes.SortResults | undefined
  try {
    for (;;) {
      const page = await es.search<T>({
        pit: { id: pitId, keep_alive: KEEP_ALIVE },
        size: PAGE,
        query,
        sort: [{ _shard_doc: 'asc' }],
        track_total_hits: false,
        ...options,
        ...(after !== undefined ? { search_after: after } : {})
      })
      pitId = page.pit_id ?? pitId
      const hits = page.hits.hits
      if (hits.length === 0) return
      yield hits
      after = hits[hits.length - 1]!.sort
    }
  } finally {
    await es.closePointInTime({ id: pitId }).catch(() => {})
  }
}
