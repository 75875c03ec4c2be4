import type { Client, estypes } from '@elastic/elasticsearch'
import { bulkItemFailure } from '../../clients/elasticsearch-errors.ts'
import { prepareAnalysis, type StoredAnalysis } from '../analyses/stored-analysis.ts'
import { esId } from '../analyses/ids.ts'
import { scanPages } from './scan.ts'
import { copiedChannel, report, type CopiedBatch } from '../events.ts'
import type { DerivationVocabulary } from '../vocabulary/apply-merges.ts'
import { derivationVocabularies } from '../vocabulary/vocabulary-store.ts'

/**
 * Copies carry this external version. A document the service writes into the new index after the swap gets a
 * higher version, so a late copy can never overwrite it (the copy fails with a conflict, which is the point), and
 * the delete reconciliation can tell a copy (this version exactly) from a fresh write.
 */
export const COPY_VERSION = 1_000_000_000

export interface CopyStats {
  copied: number
  /** Documents skipped because a newer write got there first. */
  skipped: number
}

/**
 * `copy`: into another index version, guarded by COPY_VERSION. `in-place`: rewrite documents where they are,
 * each guarded by the sequence number it was read with, so a concurrent write always wins.
 */
export type CopyMode = 'copy' | 'in-place'

/**
 * Re-indexes the documents of `from` matching `filter` into `to`, re-deriving facets with the current normalizer on
 * the way (the integration-test distribution has no `_reindex`, and re-deriving is what a new normalizer version
 * needs anyway), each tenant's merges applied (read per batch). The original `indexed_at` is kept.
 */
export async function copyDocuments (es: Client, from: string, to: string, filter: estypes.QueryDslQueryContainer, mode: CopyMode = 'copy', onBatch?: (stats: CopyStats) => void | Promise<void>): Promise<CopyStats> {
  const stats: CopyStats = { copied: 0, skipped: 0 }
  for await (const hits of scanPages<StoredAnalysis>(es, from, filter, { seq_no_primary_term: mode === 'in-place' })) {
    const operations: estypes.BulkRequest['operations'] = []
    const vocabularies = await derivationVocabularies(es, from, hits.map(hit => hit._source!.tenant))
    for (const hit of hits) {
      const document = rederive(hit._source!, vocabularies.get(hit._source!.tenant)!)
      const guard = mode === 'copy'
        ? { version: COPY_VERSION, version_type: 'external_gte' as const }
        : { if_seq_no: hit._seq_no!, if_primary_term: hit._primary_term! }
      operations.push({ index: { _index: to, _id: esId(document.tenant, document.id), routing: document.tenant, ...guard } }, document)
    }
    const answer = await es.bulk({ operations })
    const batch: CopiedBatch = { mode, copied: 0, skipped: 0 }
    for (const item of answer.items) {
      const result = item.index!
      const failure = bulkItemFailure(result)
      if (failure === 'conflict') batch.skipped++
      else if (failure !== null) throw new Error(`re-indexing into ${to} failed (${failure}): ${result.error?.type ?? result.status}: ${result.error?.reason ?? ''}`)
      else batch.copied++
    }
    stats.copied += batch.copied
    stats.skipped += batch.skipped
    report(copiedChannel, batch)
    await onBatch?.(stats)
  }
  return stats
}

function rederive (stored: StoredAnalysis, vocabulary: DerivationVocabulary): StoredAnalysis {
  const { tenant, id, caption, tags, source, image_analysis: analysis, indexed_at: indexedAt } = stored
  const input = { image_analysis: analysis, ...(caption !== undefined ? { caption } : {}), ...(tags !== undefined ? { tags } : {}), ...(source !== undefined ? { source } : {}) }
  return prepareAnalysis(tenant, id, input, new Date(indexedAt), vocabulary).document
}
