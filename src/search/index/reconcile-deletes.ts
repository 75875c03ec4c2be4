import type { Client } from '@elastic/elasticsearch'
import { COPY_VERSION } from './copy-documents.ts'
import { scanPages } from './scan.ts'

/**
 * Removes from `to` the documents that were deleted from `from` while they were being copied: a document of `to`
 * that is still the migration's copy (COPY_VERSION) must still exist in `from`. Documents the service wrote into
 * `to` after the swap have other versions and are left alone. Returns how many were removed.
 */
export async function reconcileDeletes (es: Client, from: string, to: string): Promise<number> {
  let removed = 0
  for await (const hits of scanPages<{ tenant: string }>(es, to, { match_all: {} }, { _source: ['tenant'], version: true })) {
    const copies = hits.filter(hit => hit._version === COPY_VERSION)
    if (copies.length === 0) continue
    const found = await es.mget({ index: from, docs: copies.map(hit => ({ _id: hit._id!, routing: hit._source!.tenant })), _source: false })
    const gone = copies.filter((_, i) => !(found.docs[i] as { found?: boolean }).found)
    if (gone.length === 0) continue
    await es.bulk({ operations: gone.map(hit => ({ delete: { _index: to, _id: hit._id!, routing: hit._source!.tenant } })) })
    removed += gone.length
  }
  return removed
}
