import type { Client, estypes } from '@elastic/elasticsearch'
import { bulkItemFailure, type EsFailure } from '../../clients/elasticsearch-errors.ts'
import type { IndexNames } from '../index/index-names.ts'
import type { NormalizeWarning } from '../../schemas/facets.ts'
import type { AnalysisInput } from '../../schemas/analysis.ts'
import { versionOf, type Refresh, type StoredVersion } from './analyses-store.ts'
import { esId } from './ids.ts'
import { prepareAnalysis } from './stored-analysis.ts'
import { derivationVocabulary } from '../vocabulary/vocabulary-store.ts'

export interface BulkItem {
  id: string
  input: AnalysisInput
}

/** An item stored, or why Elasticsearch refused it (`unavailable` and `overloaded` may be retried as they are). */
export type BulkOutcome =
  | { ok: true, id: string, created: boolean, version: StoredVersion, warnings: NormalizeWarning[] }
  | { ok: false, id: string, failure: EsFailure }

/**
 * Indexes many analyses of one tenant in a single bulk request; outcomes come back in the order of `items`.
 * Elasticsearch applies each item on its own, so valid items are stored even when others fail.
 */
export async function bulkIngest (es: Client, names: IndexNames, tenant: string, items: BulkItem[], refresh: Refresh, now = new Date()): Promise<BulkOutcome[]> {
  if (items.length === 0) return []
  const warnings: NormalizeWarning[][] = []
  const operations: estypes.BulkRequest['operations'] = []
  const vocabulary = await derivationVocabulary(es, names, tenant)
  for (const item of items) {
    const prepared = prepareAnalysis(tenant, item.id, item.input, now, vocabulary)
    warnings.push(prepared.warnings)
    operations.push({ index: { _index: names.write, _id: esId(tenant, item.id), routing: tenant } }, prepared.document)
  }
  const answer = await es.bulk({ operations, refresh })
  return answer.items.map((entry, i): BulkOutcome => {
    const result = entry.index!
    const id = items[i]!.id
    const failure = bulkItemFailure(result)
    if (failure !== null) return { ok: false, id, failure }
    return { ok: true, id, created: result.result === 'created', version: versionOf(result), warnings: warnings[i]! }
  })
}
