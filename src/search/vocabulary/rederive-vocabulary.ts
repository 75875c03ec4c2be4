import type { Client, estypes } from '@elastic/elasticsearch'
import type { ReindexJob } from '../../schemas/reindex-job.ts'
import { copyDocuments } from '../index/copy-documents.ts'
import { currentIndex } from '../index/ensure-index.ts'
import type { IndexNames } from '../index/index-names.ts'
import { readVocabulary, VocabularyConflictError, writeVocabulary } from './vocabulary-store.ts'
import { rollingOut } from './vocabulary-types.ts'

/** A write that read the vocabulary just before a change may land after a pass: passes repeat until none is left. */
const MAX_PASSES = 5

/** The documents of `tenant` derived with merges older than `version` (or before vocabularies existed). */
function pendingFilter (tenant: string, version: number): estypes.QueryDslQueryContainer {
  return { bool: { filter: [{ term: { tenant } }], must_not: [{ range: { vocabulary_version: { gte: version } } }] } }
}

export async function pendingCount (es: Client, names: IndexNames, tenant: string, version: number): Promise<number> {
  return (await es.count({ index: names.read, routing: tenant, query: pendingFilter(tenant, version) })).count
}

export interface RederiveHooks {
  /** Awaited before each pass and after each batch (tests slow the job here; stopping throws). */
  checkpoint: () => Promise<void>
  onBatch: (rewritten: number, skipped: number) => Promise<void>
}

/**
 * Re-derives the tenant's documents that are derived with older merges, in place (each rewrite guarded by its
 * sequence number: a concurrent write wins), until none is left, then records the version as re-derived in the
 * vocabulary document. Progress IS the documents' `vocabulary_version`: a job that dies is resumed by running this
 * again, which only visits what is still pending. A change of merges during the job is picked up by the next pass.
 */
export async function rederiveVocabulary (es: Client, names: IndexNames, tenant: string, job: ReindexJob, hooks: RederiveHooks): Promise<void> {
  for (let pass = 0; ; pass++) {
    const { vocabulary, seq } = await readVocabulary(es, names, tenant)
    if (!rollingOut(vocabulary)) return
    const version = vocabulary.merges_version
    await hooks.checkpoint()
    const state = await currentIndex(es, names)
    if (state === null) throw new Error(`no index behind ${names.read}`)
    const base = { rewritten: job.rewritten, skipped: job.skipped }
    await copyDocuments(es, state.index, state.index, pendingFilter(tenant, version), 'in-place', async stats => {
      job.rewritten = base.rewritten + stats.copied
      job.skipped = base.skipped + stats.skipped
      await hooks.onBatch(job.rewritten, job.skipped)
      await hooks.checkpoint()
    })
    await es.indices.refresh({ index: state.index })
    if (await pendingCount(es, names, tenant, version) > 0) {
      if (pass + 1 >= MAX_PASSES) throw new Error(`documents of merges older than ${version} remain after ${MAX_PASSES} passes`)
      continue
    }
    try {
      await writeVocabulary(es, names, { ...vocabulary, rederived_version: version, in_flight: [] }, seq)
    } catch (error) {
      // Changed meanwhile: the next pass reads the new document (and re-derives again if its merges moved on).
      if (!(error instanceof VocabularyConflictError)) throw error
    }
  }
}
