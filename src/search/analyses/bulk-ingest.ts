import type { Client } from '@elastic/elasticsearch'
import { bulkItemFailure, type EsFailure } from '../../clients/elasticsearch-errors.ts'
import type { IndexNames } from '../index/index-names.ts'
import type { NormalizeWarning } from '../../schemas/facets.ts'
import type { AnalysisInput } from '../../schemas/analysis.ts'
import type { Refresh } from './analyses-store.ts'
import { foundOf, MAX_SETTLE_ROUNDS, readAfterConflict, versionOf, type Found, type StoredVersion } from './settle-read.ts'
import { esId } from './ids.ts'
import { beforeWrite, sendWrite } from './send-write.ts'
import { prepareAnalysis, type StoredAnalysis } from './stored-analysis.ts'
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
 * are answered from the index and not written again, so a first-time item still reads 201. The others are sent
 * conditional on what was read (`create` when nothing was stored, the read sequence number otherwise): should the
 * first attempt land in between, such an item conflicts and is read again instead of being stored twice.
 */
export async function bulkIngest (es: Client, names: IndexNames, tenant: string, items: BulkItem[], refresh: Refresh, now = new Date(), settle = false): Promise<BulkOutcome[]> {
  if (items.length === 0) return []
  const vocabulary = await beforeWrite(async () => await derivationVocabulary(es, names, tenant))
  const prepared = items.map(item => prepareAnalysis(tenant, item.id, item.input, now, vocabulary))
  // Only ids and warnings are kept across the round trip: the parsed analyses can then die young instead of being
  // promoted while Elasticsearch works.
  const ids = items.map(item => item.id)
  const warnings = prepared.map(item => item.warnings)
  const documents = prepared.map(item => item.document)
  const outcomes: Array<BulkOutcome | undefined> = []
  let found = settle ? await storedNow(es, names, tenant, ids, documents) : null
  let writeIndex: string | undefined
  for (let round = 0; ; round++) {
    found?.forEach((stored, i) => {
      if (stored.kind === 'applied') outcomes[i] = { ok: true, id: ids[i]!, created: stored.created, version: stored.version, warnings: warnings[i]! }
    })
    const pending = ids.flatMap((_id, i) => outcomes[i] === undefined ? [i] : [])
    if (pending.length === 0) return outcomes as BulkOutcome[]
    // The index writes go to, read only when a guard needs it (a sequence number means something in one index only).
    if (found?.some((stored, i) => stored.kind === 'other' && outcomes[i] === undefined) === true) writeIndex ??= await concreteWriteIndex(es, names)
    const guards = pending.map(i => found === null ? undefined : guardOf(found[i]!, writeIndex))
    const body = bulkBody(names.write, tenant, pending.map((i, k) => [ids[i]!, documents[i]!, guards[k]]))
    const answer = await sendWrite(transport => es.bulk({ body, refresh, filter_path: ITEM_FIELDS }, transport))
    const conflicted = new Map<number, Found>()
    answer.items.forEach((entry, k) => {
      const i = pending[k]!
      const result = (entry.index ?? entry.create)!
      const failure = bulkItemFailure(result)
      const guarded = guards[k] !== undefined
      if (failure === 'conflict' && guarded && round < MAX_SETTLE_ROUNDS) {
        conflicted.set(i, found![i]!)
        return
      }
      // A guarded item still conflicting after the last round: other writes keep moving it; this attempt stored nothing.
      outcomes[i] = failure !== null
        ? { ok: false, id: ids[i]!, failure: failure === 'conflict' && guarded ? 'unavailable' : failure }
        : { ok: true, id: ids[i]!, created: result.result === 'created', version: versionOf(result), warnings: warnings[i]! }
    })
    if (conflicted.size === 0) return outcomes as BulkOutcome[]
    const again = [...conflicted.keys()]
    const reread = await readAfterConflict(es, names, tenant,
      async preference => await storedNow(es, names, tenant, again.map(i => ids[i]!), again.map(i => documents[i]!), preference),
      now => now.some((stored, k) => sameState(stored, conflicted.get(again[k]!)!)))
    // Only the conflicted items are pending now; what was read for them decides the next round.
    found = ids.map((_id, i) => conflicted.has(i) ? reread[again.indexOf(i)]! : { kind: 'absent' as const })
  }
}

/** How a retried item is sent: only create, or only over the version it read (in the index writes go to). */
type Guard = { create: true } | { create: false, index: string, seqNo: number, primaryTerm: number }

function guardOf (stored: Found, writeIndex: string | undefined): Guard | undefined {
  if (stored.kind === 'absent') return { create: true }
  // A migration moved the write alias since the read: that sequence number means nothing in the new index.
  if (stored.kind === 'other' && stored.version.index === writeIndex) return { create: false, ...stored.version }
  return undefined
}

function sameState (now: Found, before: Found): boolean {
  if (now.kind === 'absent' || before.kind === 'absent') return now.kind === before.kind
  return now.version.index === before.version.index && now.version.seqNo === before.version.seqNo && now.version.primaryTerm === before.version.primaryTerm
}

async function concreteWriteIndex (es: Client, names: IndexNames): Promise<string> {
  return Object.keys(await es.indices.getAlias({ name: names.write }))[0] ?? names.write
}

/**
 * The NDJSON of a bulk request, built here as one string: each document serialized once, the action lines from a
 * template (only the id changes) unless a retry guards the item, and one join instead of the client's concatenation.
 */
function bulkBody (index: string, tenant: string, documents: Array<[string, StoredAnalysis, Guard | undefined]>): string {
  const head = `{"index":{"_index":${JSON.stringify(index)},"routing":${JSON.stringify(tenant)},"_id":`
  const lines: string[] = []
  for (const [id, document, guard] of documents) {
    const _id = esId(tenant, id)
    const action = guard === undefined
      ? `${head}${JSON.stringify(_id)}}}`
      : JSON.stringify(guard.create
        ? { create: { _index: index, routing: tenant, _id } }
        : { index: { _index: guard.index, routing: tenant, _id, if_seq_no: guard.seqNo, if_primary_term: guard.primaryTerm } })
    lines.push(action, JSON.stringify(document))
  }
  lines.push('')
  return lines.join('\n')
}

/** What is stored for each id, read as a retry compares it with the document its write prepared. */
async function storedNow (es: Client, names: IndexNames, tenant: string, ids: string[], documents: StoredAnalysis[], preference?: string): Promise<Found[]> {
  const answer = await es.mget<StoredAnalysis>({ index: names.read, preference, docs: ids.map(id => ({ _id: esId(tenant, id), routing: tenant })) })
  return answer.docs.map((doc, i) => 'found' in doc ? foundOf(doc, documents[i]!) : { kind: 'absent' as const })
}
