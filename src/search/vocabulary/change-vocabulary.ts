import type { Client } from '@elastic/elasticsearch'
import { canonicalJson } from '../canonical-json.ts'
import type { IndexNames } from '../index/index-names.ts'
import { pendingCount } from './rederive-vocabulary.ts'
import { readVocabulary, writeVocabulary, type ReadVocabulary } from './vocabulary-store.ts'
import { rollingOut, type Merges, type StoredVocabulary, type Vocabulary } from './vocabulary-types.ts'
import type { VocabularyView } from '../../schemas/vocabulary.ts'

/** Changes of merges that may be rolling out at once; beyond, a PUT waits for the re-derivation (409). */
const MAX_IN_FLIGHT = 8

/** What a PUT expects of the stored vocabulary: its version (If-Match), any existing one (`*`), or nothing said. */
export type Expected = { version: number } | 'any' | 'unsaid'

export class VocabularyPreconditionError extends Error {
  readonly required: boolean
  constructor (required: boolean) {
    super(required ? 'The tenant has a vocabulary: send If-Match with its ETag' : 'The vocabulary was changed since the version given')
    this.name = 'VocabularyPreconditionError'
    this.required = required
  }
}

export class TooManyRolloutsError extends Error {
  constructor () {
    super(`${MAX_IN_FLIGHT} changes of merges are still being re-derived; retry once the re-derivation is done`)
    this.name = 'TooManyRolloutsError'
  }
}

export interface Change {
  stored: StoredVocabulary
  /** True when the merges changed: documents must be re-derived. */
  mergesChanged: boolean
}

/**
 * Replaces the tenant's vocabulary, conditionally: the If-Match version must be the stored one (checked again by
 * Elasticsearch's sequence number, so of two concurrent PUTs with the same ETag exactly one wins). An existing
 * vocabulary is never overwritten blindly (Expected 'unsaid').
 */
export async function changeVocabulary (es: Client, names: IndexNames, tenant: string, wanted: Vocabulary, expected: Expected, now = new Date()): Promise<Change> {
  const current: ReadVocabulary = await readVocabulary(es, names, tenant)
  const stored = current.vocabulary
  if (current.seq !== null && expected === 'unsaid') throw new VocabularyPreconditionError(true)
  if (current.seq === null && expected === 'any') throw new VocabularyPreconditionError(false)
  if (typeof expected === 'object' && expected.version !== stored.version) throw new VocabularyPreconditionError(false)
  const mergesChanged = canonicalJson(wanted.merge) !== canonicalJson(stored.merge)
  const version = stored.version + 1
  const next: StoredVocabulary = {
    ...stored,
    ...wanted,
    version,
    updated_at: now.toISOString(),
    ...(mergesChanged ? { merges_version: version, in_flight: inFlight(stored) } : {})
  }
  await writeVocabulary(es, names, next, current.seq).catch(error => {
    throw error instanceof Error && error.name === 'VocabularyConflictError' ? new VocabularyPreconditionError(false) : error
  })
  return { stored: next, mergesChanged }
}

/** The merges documents may be derived with once the new ones start rolling out: the current, and any still rolling out. */
function inFlight (stored: StoredVocabulary): Merges[] {
  const all = rollingOut(stored) ? [...stored.in_flight, stored.merge] : [stored.merge]
  const unique = [...new Map(all.map(merge => [canonicalJson(merge), merge])).values()]
  if (unique.length > MAX_IN_FLIGHT) throw new TooManyRolloutsError()
  return unique
}

/** The API's view of a stored vocabulary, with how far its re-derivation is (one count while it runs). */
export async function vocabularyView (es: Client, names: IndexNames, stored: StoredVocabulary): Promise<VocabularyView> {
  const running = rollingOut(stored)
  return {
    version: stored.version,
    merge: stored.merge,
    synonyms: stored.synonyms,
    ...(stored.version > 0 ? { updated_at: stored.updated_at } : {}),
    rederivation: {
      state: stored.merges_version === 0 && stored.rederived_version === 0 ? 'none' : running ? 'running' : 'done',
      merges_version: stored.merges_version,
      pending: running ? await pendingCount(es, names, stored.tenant, stored.merges_version) : 0
    }
  }
}
