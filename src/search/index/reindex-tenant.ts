import type { Client } from '@elastic/elasticsearch'
import { copyDocuments, type CopyStats } from './copy-documents.ts'
import { currentIndex } from './ensure-index.ts'
import type { IndexNames } from './index-names.ts'
import { reindexChannel, report } from '../events.ts'

/**
 * Re-derives the facets of one tenant's documents with the current normalizer, in place. Each rewrite is guarded
 * by the sequence number it was read with, so a write made meanwhile (already normalized) always wins.
 */
export async function reindexTenant (es: Client, names: IndexNames, tenant: string, onBatch?: (stats: CopyStats) => void): Promise<CopyStats> {
  report(reindexChannel, { state: 'started' })
  try {
    const state = await currentIndex(es, names)
    if (state === null) throw new Error(`no index behind ${names.read}`)
    const stats = await copyDocuments(es, state.index, state.index, { term: { tenant } }, 'in-place', onBatch)
    await es.indices.refresh({ index: state.index })
    report(reindexChannel, { state: 'done' })
    return stats
  } catch (error) {
    report(reindexChannel, { state: 'failed' })
    throw error
  }
}
