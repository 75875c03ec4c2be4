import type { Client } from '@elastic/elasticsearch'
import { copyDocuments } from './copy-documents.ts'
import { currentIndex } from './ensure-index.ts'
import { reconcileDeletes } from './reconcile-deletes.ts'
import { analysesIndexBody, type IndexLayout } from './mappings.ts'
import { chooseTextAnalysis } from './text-analysis.ts'
import { versionOf, type IndexNames } from './index-names.ts'

/** Writes of other instances carry their own clocks: catch-up windows reach this far back. */
const CLOCK_SLACK_MS = 5000
const CATCH_UP_ROUNDS = 5
const CATCH_UP_SMALL_ENOUGH = 100

export interface MigrationReport {
  from: string
  to: string
  copied: number
  caughtUp: number
  deletesReconciled: number
  durationMs: number
}

export interface MigrateOptions extends IndexLayout {
  /** Keep the previous index version after the swap (default: delete it). */
  keepOld?: boolean
  /** Delete a leftover next version first (an interrupted migration); without it, a leftover stops the run. */
  force?: boolean
  log?: (message: string) => void
}

/**
 * Builds the next index version and moves both aliases to it atomically while searches and writes go on:
 * 1. create v(N+1) with the current mapping and text analysis;
 * 2. copy everything through a point in time, re-normalizing every document;
 * 3. catch up with documents written meanwhile (rounds until a round copies little);
 * 4. swap read and write aliases in one `_aliases` call;
 * 5. copy what landed in vN between the last round and the swap, and remove from v(N+1) what was deleted from
 *    vN during the copy.
 */
export async function migrate (es: Client, names: IndexNames, options: MigrateOptions): Promise<MigrationReport> {
  const started = Date.now()
  const log = options.log ?? (() => {})
  const current = await currentIndex(es, names)
  if (current === null) throw new Error(`no index behind ${names.read}: nothing to migrate`)
  const from = current.index
  const to = names.version(versionOf(from) + 1)
  // The next version existing means another migration runs or one was interrupted: never race it silently.
  if (await es.indices.exists({ index: to })) {
    if (options.force !== true) throw new MigrationInProgressError(to)
    await es.indices.delete({ index: to })
  }
  const analysis = await chooseTextAnalysis(es)
  await es.indices.create({ ...analysesIndexBody(analysis, options), index: to, wait_for_active_shards: 1 })
  log(`created ${to} (text analysis: ${analysis.kind})`)

  let since = Date.now() - CLOCK_SLACK_MS
  const { copied } = await copyDocuments(es, from, to, { match_all: {} }, 'copy', s => log(`copied ${s.copied}`))
  let caughtUp = 0
  for (let round = 0; round < CATCH_UP_ROUNDS; round++) {
    const next = Date.now() - CLOCK_SLACK_MS
    const { copied: moved } = await copyDocuments(es, from, to, { range: { indexed_at: { gte: new Date(since).toISOString() } } })
    caughtUp += moved
    since = next
    if (moved < CATCH_UP_SMALL_ENOUGH) break
  }

  await es.indices.refresh({ index: to })
  await es.indices.updateAliases({
    actions: [
      { remove: { index: from, alias: names.read } },
      { remove: { index: from, alias: names.write } },
      { add: { index: to, alias: names.read } },
      { add: { index: to, alias: names.write, is_write_index: true } }
    ]
  })
  log(`aliases moved to ${to}`)

  await es.indices.refresh({ index: from })
  const { copied: last } = await copyDocuments(es, from, to, { range: { indexed_at: { gte: new Date(since).toISOString() } } })
  caughtUp += last
  const deletesReconciled = await reconcileDeletes(es, from, to)
  await es.indices.refresh({ index: to })
  if (options.keepOld !== true) await es.indices.delete({ index: from })
  log(`done: ${copied} copied, ${caughtUp} caught up, ${deletesReconciled} deletes reconciled`)
  return { from, to, copied, caughtUp, deletesReconciled, durationMs: Date.now() - started }
}

export class MigrationInProgressError extends Error {
  constructor (index: string) {
    super(`${index} already exists: a migration is running or was interrupted (re-run with force to replace it)`)
    this.name = 'MigrationInProgressError'
  }
}
