import type { Client, estypes } from '@elastic/elasticsearch'
import { esFailure } from '../../clients/elasticsearch-errors.ts'
import type { IndexNames } from '../index/index-names.ts'
import type { DerivationVocabulary } from './apply-merges.ts'
import { emptyVocabulary, type StoredVocabulary } from './vocabulary-types.ts'

/**
 * Where vocabularies live: one small index beside the analyses, one document per tenant (_id = the tenant). It is
 * not versioned with the analyses (a migration copies analyses, not vocabularies), and its name matches the
 * analyses' wildcard so every clean-up of a prefix removes it too.
 */
function vocabularyIndex (names: Pick<IndexNames, 'read'>): string {
  return `${names.read}-vocabulary`
}

/** A stored vocabulary and the sequence number it was read at (for the conditional write of the next one). */
export interface ReadVocabulary {
  vocabulary: StoredVocabulary
  /** null: the tenant has none stored yet. */
  seq: { seqNo: number, primaryTerm: number } | null
}

const MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    tenant: { type: 'keyword' },
    version: { type: 'integer' },
    merges_version: { type: 'integer' },
    rederived_version: { type: 'integer' },
    updated_at: { type: 'date' },
    // Read whole by id, never searched: kept in _source only.
    merge: { type: 'object', enabled: false },
    synonyms: { type: 'object', enabled: false },
    in_flight: { type: 'object', enabled: false }
  }
}

/**
 * The tenant's vocabulary by a realtime GET (it sees every acknowledged write, refreshed or not): what every
 * derivation and every computed answer reads, so all instances use the new version once a PUT is acknowledged.
 */
export async function readVocabulary (es: Client, names: Pick<IndexNames, 'read'>, tenant: string): Promise<ReadVocabulary> {
  const answer = await es.get<StoredVocabulary>({ index: vocabularyIndex(names), id: tenant }, { ignore: [404] })
  // The tenant check is belt and braces: the _id is the tenant.
  if (answer.found !== true || answer._source?.tenant !== tenant) return { vocabulary: emptyVocabulary(tenant), seq: null }
  return { vocabulary: answer._source, seq: { seqNo: answer._seq_no!, primaryTerm: answer._primary_term! } }
}

export class VocabularyConflictError extends Error {
  constructor () {
    super('The vocabulary was changed since the version given')
    this.name = 'VocabularyConflictError'
  }
}

/**
 * Stores `next` only if the stored document is still the one read at `seq` (null: only if there is none): a
 * concurrent change makes this fail with VocabularyConflictError. Acknowledged once Elasticsearch acknowledged it.
 */
export async function writeVocabulary (es: Client, names: IndexNames, next: StoredVocabulary, seq: ReadVocabulary['seq']): Promise<void> {
  await ensureVocabularyIndex(es, names)
  const guard = seq === null ? { op_type: 'create' as const } : { if_seq_no: seq.seqNo, if_primary_term: seq.primaryTerm }
  try {
    // refresh: the tiny index is searched at start for re-derivations to resume (tenantsRollingOut).
    await es.index({ index: vocabularyIndex(names), id: next.tenant, document: next, refresh: true, ...guard })
  } catch (error) {
    throw esFailure(error) === 'conflict' ? new VocabularyConflictError() : error
  }
}

/** The tenants whose re-derivation has not finished (to resume after a restart); at most `size`. */
export async function tenantsRollingOut (es: Client, names: IndexNames, size = 1000): Promise<string[]> {
  const answer = await es.search<StoredVocabulary>({
    index: vocabularyIndex(names),
    size,
    _source: ['tenant', 'merges_version', 'rederived_version'],
    query: { match_all: {} }
  }, { ignore: [404] })
  return (answer.hits?.hits ?? []).map(hit => hit._source!).filter(v => v.rederived_version < v.merges_version).map(v => v.tenant)
}

/**
 * Creates the vocabulary index when it is missing, and returns once its shard is active. The service calls it at
 * start (src/plugins/elasticsearch.ts), before it serves: between an index's creation and its shard's start, a
 * GET answers 503 (no_shard_available_action_exception), and every write reads the vocabulary first — created on
 * the first vocabulary PUT instead, it turned a write racing that PUT into a 503. Losing the creation race to
 * another instance waits for that instance's shard the same way.
 */
export async function ensureVocabularyIndex (es: Client, names: Pick<IndexNames, 'read'>): Promise<void> {
  const index = vocabularyIndex(names)
  if (await es.indices.exists({ index })) return
  try {
    await es.indices.create({ index, settings: { number_of_shards: 1, auto_expand_replicas: '0-1' }, mappings: MAPPINGS, wait_for_active_shards: 1 })
  } catch (error) {
    if (esFailure(error) !== 'exists') throw error
    await es.cluster.health({ index, wait_for_status: 'yellow', timeout: '30s' })
  }
}

/** The merges a write derives with now: the stored vocabulary's (realtime, so never older than an acknowledged PUT). */
export async function derivationVocabulary (es: Client, names: IndexNames, tenant: string): Promise<DerivationVocabulary> {
  const { vocabulary } = await readVocabulary(es, names, tenant)
  return { merge: vocabulary.merge, version: vocabulary.merges_version }
}

/**
 * The merges of each tenant of a batch, in one multi-get: the re-derivation reads them per batch, so a change made
 * during a long job applies to the rest of it. `index` is a concrete analyses index (<read alias>-v<N>).
 */
export async function derivationVocabularies (es: Client, index: string, tenants: Iterable<string>): Promise<Map<string, DerivationVocabulary>> {
  const ids = [...new Set(tenants)]
  const out = new Map<string, DerivationVocabulary>(ids.map(tenant => [tenant, { merge: {}, version: 0 }]))
  if (ids.length === 0) return out
  const answer = await es.mget<StoredVocabulary>({ index: vocabularyIndex({ read: index.replace(/-v\d+$/, '') }), ids }, { ignore: [404] })
  for (const doc of answer.docs ?? []) {
    const source = 'found' in doc && doc.found ? doc._source : undefined
    if (source !== undefined && out.has(source.tenant)) out.set(source.tenant, { merge: source.merge, version: source.merges_version })
  }
  return out
}
