import type { Client } from '@elastic/elasticsearch'
import { bulkItemFailure, type EsFailure } from '../../clients/elasticsearch-errors.ts'
import type { IndexNames } from '../index/index-names.ts'
import type { NormalizeWarning } from '../../schemas/facets.ts'
import type { AnalysisInput } from '../../schemas/analysis.ts'
import { canonicalJson } from '../canonical-json.ts'
import { versionOf, type Refresh, type StoredVersion } from './analyses-store.ts'
import { esId } from './ids.ts'
import { beforeWrite, sendWrite } from './send-write.ts'
import { prepareAnalysis, type PreparedAnalysis, type StoredAnalysis } from './stored-analysis.ts'
import { derivationVocabulary } from '../vocabulary/vocabulary-store.ts'

/**
 * What an outcome reads of each item of Elasticsearch's answer: the rest (_id, _version, _shards, took…) is left
 * out, a third of the answer that Elasticsearch would write and the service parse for nothing.
 */
const ITEM_FIELDS = ['items.*._index', 'items.*._seq_no', 'items.*._primary_term', 'items.*.result', 'items.*.status', 'items.*.error']

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
 * Elasticsearch applies each item on its own, so valid items are stored even when others fail. A request whose
 * outcome is unknown throws (send-write.ts): every item's fate is then unknown.
 *
 * `now` is the time of the write (`indexed_at`). `settle` says this retries a bulk whose first attempt's outcome is
 * unknown (same items, same `now`): items stored exactly as that attempt would have stored them were applied; they
 * are answered from the index and not written again, so a first-time item still reads 201.
 */
export async function bulkIngest (es: Client, names: IndexNames, tenant: string, items: BulkItem[], refresh: Refresh, now = new Date(), settle = false): Promise<BulkOutcome[]> {
  if (items.length === 0) return []
  const vocabulary = await beforeWrite(async () => await derivationVocabulary(es, names, tenant))
  const prepared = items.map(item => prepareAnalysis(tenant, item.id, item.input, now, vocabulary))
  const outcomes: Array<BulkOutcome | undefined> = settle ? await appliedBefore(es, names, tenant, items, prepared) : []
  const pending = items.flatMap((_item, i) => outcomes[i] === undefined ? [i] : [])
  const body = bulkBody(names.write, tenant, pending.map(i => [items[i]!.id, prepared[i]!.document]))
  // Only ids and warnings are kept across the round trip: the parsed analyses and their documents (megabytes per
  // bulk) can then die young instead of being promoted while Elasticsearch works.
  const ids = items.map(item => item.id)
  const warnings = prepared.map(item => item.warnings)
  const answer = pending.length === 0 ? { items: [] } : await sendWrite(transport => es.bulk({ body, refresh, filter_path: ITEM_FIELDS }, transport))
  answer.items.forEach((entry, k) => {
    const i = pending[k]!
    const result = entry.index!
    const failure = bulkItemFailure(result)
    outcomes[i] = failure !== null
      ? { ok: false, id: ids[i]!, failure }
      : { ok: true, id: ids[i]!, created: result.result === 'created', version: versionOf(result), warnings: warnings[i]! }
  })
  return outcomes as BulkOutcome[]
}

/**
 * The NDJSON of a bulk request, built here as one string: each document serialized once, the action lines from a
 * template (only the id changes), and one join instead of the client's concatenation line by line.
 */
function bulkBody (index: string, tenant: string, documents: Array<[string, StoredAnalysis]>): string {
  const head = `{"index":{"_index":${JSON.stringify(index)},"routing":${JSON.stringify(tenant)},"_id":`
  const lines: string[] = []
  for (const [id, document] of documents) lines.push(`${head}${JSON.stringify(esId(tenant, id))}}}`, JSON.stringify(document))
  lines.push('')
  return lines.join('\n')
}

/**
 * The outcomes of the items already stored exactly as prepared (the unknown first attempt applied them), in place;
 * undefined where an item still has to be written. `created` reads the per-document version (1: that write created it).
 */
async function appliedBefore (es: Client, names: IndexNames, tenant: string, items: BulkItem[], prepared: PreparedAnalysis[]): Promise<Array<BulkOutcome | undefined>> {
  const answer = await es.mget<StoredAnalysis>({ index: names.read, docs: items.map(item => ({ _id: esId(tenant, item.id), routing: tenant })) })
  return answer.docs.map((doc, i): BulkOutcome | undefined => {
    if (!('found' in doc) || !doc.found || canonicalJson(doc._source) !== canonicalJson(prepared[i]!.document)) return undefined
    return { ok: true, id: items[i]!.id, created: doc._version === 1, version: versionOf(doc), warnings: prepared[i]!.warnings }
  })
}
