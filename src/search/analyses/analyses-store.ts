import type { Client } from '@elastic/elasticsearch'
import { esFailure } from '../../clients/elasticsearch-errors.ts'
import type { IndexNames } from '../index/index-names.ts'
import { versionOf as indexVersion } from '../index/index-names.ts'
import { AnalysisNotFoundError, VersionConflictError } from '../errors.ts'
import { beforeWrite, sendWrite } from './send-write.ts'
import { foundOf, MAX_SETTLE_ROUNDS, readAfterConflict, versionOf, type Found, type StoredVersion } from './settle-read.ts'
import type { AnalysisInput } from '../../schemas/analysis.ts'
import { esId } from './ids.ts'
import { prepareAnalysis, type StoredAnalysis } from './stored-analysis.ts'
import type { NormalizeWarning } from '../../schemas/facets.ts'
import { derivationVocabulary } from '../vocabulary/vocabulary-store.ts'

export type Refresh = 'wait_for' | false

/** The version a conditional write expects (If-Match): one stored version, or 'any' for "must exist". */
export type ExpectedVersion = { indexVersion: number, seqNo: number, primaryTerm: number } | 'any'

export interface WriteOptions {
  refresh: Refresh
  ifMatch?: ExpectedVersion
  /** Only create; fail when the id exists (If-None-Match: *). */
  createOnly?: boolean
  /** The write's time (`indexed_at`); a retry passes the first attempt's, so both would store the same document. */
  now?: Date
  /**
   * This retries a write whose first attempt's outcome is unknown (same input, same `now`): when the stored document
   * is exactly the one that attempt would have stored, it was applied — answer that and write nothing again.
   */
  settle?: boolean
}

export interface WriteResult {
  id: string
  version: StoredVersion
  created: boolean
  document: StoredAnalysis
  warnings: NormalizeWarning[]
}

export interface Fetched {
  id: string
  version: StoredVersion
  document: StoredAnalysis
}

/** Create or replace one analysis of `tenant`. Acknowledged only once Elasticsearch acknowledged it. */
export async function putAnalysis (es: Client, names: IndexNames, tenant: string, id: string, input: AnalysisInput, options: WriteOptions): Promise<WriteResult> {
  const { document, warnings } = prepareAnalysis(tenant, id, input, options.now ?? new Date(), await beforeWrite(async () => await derivationVocabulary(es, names, tenant)))
  const written = (version: StoredVersion, created: boolean): WriteResult => ({ id, version, created, document, warnings })
  const unconditional = options.ifMatch === undefined && options.createOnly !== true
  let found = options.settle === true ? await storedNow(es, names, tenant, id, document) : null
  // A retry of an unconditional write is made conditional on what it found, round after round: should the first
  // attempt still land after the read (a paused node applies it when it resumes), the retry conflicts and reads
  // again instead of storing the document twice (a second version, a created document answered as replaced).
  for (let round = 0; ; round++) {
    if (found?.kind === 'applied') return written(found.version, found.created)
    const guard = unconditional && found !== null ? found : null
    const expected = guard === null ? options.ifMatch : guard.kind === 'other' ? expectedOf(guard.version) : undefined
    try {
      const target = await writeTarget(es, names, tenant, id, expected)
      const answer = await sendWrite(transport => es.index({
        ...target,
        document,
        refresh: options.refresh,
        ...(options.createOnly === true || guard?.kind === 'absent' ? { op_type: 'create' as const } : {})
      }, transport))
      return written(versionOf(answer), answer.result === 'created')
    } catch (error) {
      const failure = asConflict(error, id)
      if (!(failure instanceof VersionConflictError) || options.settle !== true || round >= MAX_SETTLE_ROUNDS) throw failure
      // The first attempt may have landed between the read above and this write: its own success, not a conflict.
      found = await afterConflict(es, names, tenant, id, document, guard ?? expected)
      // Someone else's write moved the document on: an If-Match write has lost (412); an unconditional one goes on.
      if (found.kind !== 'applied' && guard === null) throw failure
    }
  }
}

/** What is stored for `id`, read as a retry compares it with the document its write prepared. */
async function storedNow (es: Client, names: IndexNames, tenant: string, id: string, document: StoredAnalysis, preference?: string): Promise<Found> {
  return foundOf(await es.get<StoredAnalysis>({ index: names.read, id: esId(tenant, id), routing: tenant, preference }, { ignore: [404] }), document)
}

async function afterConflict (es: Client, names: IndexNames, tenant: string, id: string, document: StoredAnalysis, expected: Found | ExpectedVersion | undefined): Promise<Found> {
  const [found] = await readAfterConflict(es, names, tenant, async preference => [await storedNow(es, names, tenant, id, document, preference)], ([found]) => stillAsExpected(found!, expected))
  return found!
}

function stillAsExpected (found: Found, expected: Found | ExpectedVersion | undefined): boolean {
  if (expected === undefined || expected === 'any') return false
  if ('kind' in expected) return expected.kind === 'absent' ? found.kind === 'absent' : found.kind !== 'absent' && sameVersion(found.version, expectedOf(expected.version))
  return found.kind !== 'absent' && sameVersion(found.version, expected)
}

function sameVersion (version: StoredVersion, expected: Exclude<ExpectedVersion, 'any'>): boolean {
  return indexVersion(version.index) === expected.indexVersion && version.seqNo === expected.seqNo && version.primaryTerm === expected.primaryTerm
}

function expectedOf (version: StoredVersion): Exclude<ExpectedVersion, 'any'> {
  return { indexVersion: indexVersion(version.index), seqNo: version.seqNo, primaryTerm: version.primaryTerm }
}

export async function getAnalysis (es: Client, names: IndexNames, tenant: string, id: string): Promise<Fetched> {
  const answer = await es.get<StoredAnalysis>({ index: names.read, id: esId(tenant, id), routing: tenant }, { ignore: [404] })
  // The tenant check is belt and braces: the _id already carries the tenant.
  if (!answer.found || answer._source?.tenant !== tenant) throw new AnalysisNotFoundError(id)
  return { id, version: versionOf(answer), document: answer._source }
}

export async function deleteAnalysis (es: Client, names: IndexNames, tenant: string, id: string, options: Pick<WriteOptions, 'refresh' | 'ifMatch' | 'settle'>): Promise<void> {
  try {
    const target = await writeTarget(es, names, tenant, id, options.ifMatch)
    const answer = await sendWrite(transport => es.delete({ ...target, refresh: options.refresh }, { ignore: [404], ...transport }))
    if (answer.result === 'not_found') throw new AnalysisNotFoundError(id)
  } catch (error) {
    const failure = asConflict(error, id)
    // A retry of a delete whose first attempt's outcome was unknown: the document being gone is what it meant.
    const gone = options.settle === true && (failure instanceof AnalysisNotFoundError || failure instanceof VersionConflictError)
    if (gone && !(await exists(es, names, tenant, id))) return
    throw failure
  }
}

async function exists (es: Client, names: IndexNames, tenant: string, id: string): Promise<boolean> {
  return await getAnalysis(es, names, tenant, id).then(() => true, (error: unknown) => {
    if (error instanceof AnalysisNotFoundError) return false
    throw error
  })
}

/** What a single write addresses: index, _id and routing, plus the sequence number a conditional write expects. */
interface WriteTarget { index: string, id: string, routing: string, if_seq_no?: number, if_primary_term?: number }

/**
 * Unconditional writes go through the write alias. A conditional one is checked against the concrete index the
 * ETag names: if a migration moved the documents since, the ETag cannot match any more.
 */
async function writeTarget (es: Client, names: IndexNames, tenant: string, id: string, expected: ExpectedVersion | undefined): Promise<WriteTarget> {
  const address = { id: esId(tenant, id), routing: tenant }
  if (expected === undefined) return { index: names.write, ...address }
  if (expected === 'any') {
    await getAnalysis(es, names, tenant, id).catch(error => {
      throw error instanceof AnalysisNotFoundError ? new VersionConflictError(id) : error
    })
    return { index: names.write, ...address }
  }
  const aliases = await es.indices.getAlias({ name: names.write })
  const writeIndex = Object.keys(aliases)[0] ?? ''
  if (expected.indexVersion !== indexVersion(writeIndex)) throw new VersionConflictError(id)
  return { index: writeIndex, ...address, if_seq_no: expected.seqNo, if_primary_term: expected.primaryTerm }
}

/** Elasticsearch's version conflict as the domain's; any other error as it is. */
function asConflict (error: unknown, id: string): unknown {
  return esFailure(error) === 'conflict' ? new VersionConflictError(id) : error
}
