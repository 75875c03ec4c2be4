import type { Client } from '@elastic/elasticsearch'
import { esFailure } from '../../clients/elasticsearch-errors.ts'
import type { IndexNames } from '../index/index-names.ts'
import { versionOf as indexVersion } from '../index/index-names.ts'
import { AnalysisNotFoundError, VersionConflictError } from '../errors.ts'
import type { AnalysisInput } from '../../schemas/analysis.ts'
import { esId } from './ids.ts'
import { prepareAnalysis, type StoredAnalysis } from './stored-analysis.ts'
import type { NormalizeWarning } from '../../schemas/facets.ts'
import { derivationVocabulary } from '../vocabulary/vocabulary-store.ts'

export type Refresh = 'wait_for' | false

/** Where a stored version lives: the concrete index, and Elasticsearch's sequence number and primary term. */
export interface StoredVersion {
  index: string
  seqNo: number
  primaryTerm: number
}

/** The version a conditional write expects (If-Match): one stored version, or 'any' for "must exist". */
export type ExpectedVersion = { indexVersion: number, seqNo: number, primaryTerm: number } | 'any'

export interface WriteOptions {
  refresh: Refresh
  ifMatch?: ExpectedVersion
  /** Only create; fail when the id exists (If-None-Match: *). */
  createOnly?: boolean
  now?: Date
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
  const { document, warnings } = prepareAnalysis(tenant, id, input, options.now ?? new Date(), await derivationVocabulary(es, names, tenant))
  const target = await writeTarget(es, names, tenant, id, options.ifMatch)
  try {
    const answer = await es.index({
      ...target,
      document,
      refresh: options.refresh,
      ...(options.createOnly === true ? { op_type: 'create' as const } : {})
    })
    return { id, version: versionOf(answer), created: answer.result === 'created', document, warnings }
  } catch (error) {
    throw asConflict(error, id)
  }
}

export async function getAnalysis (es: Client, names: IndexNames, tenant: string, id: string): Promise<Fetched> {
  const answer = await es.get<StoredAnalysis>({ index: names.read, id: esId(tenant, id), routing: tenant }, { ignore: [404] })
  // The tenant check is belt and braces: the _id already carries the tenant.
  if (!answer.found || answer._source?.tenant !== tenant) throw new AnalysisNotFoundError(id)
  return { id, version: versionOf(answer), document: answer._source }
}

export async function deleteAnalysis (es: Client, names: IndexNames, tenant: string, id: string, options: Pick<WriteOptions, 'refresh' | 'ifMatch'>): Promise<void> {
  const target = await writeTarget(es, names, tenant, id, options.ifMatch)
  try {
    const answer = await es.delete({ ...target, refresh: options.refresh }, { ignore: [404] })
    if (answer.result === 'not_found') throw new AnalysisNotFoundError(id)
  } catch (error) {
    throw asConflict(error, id)
  }
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

export function versionOf (answer: { _index: string, _seq_no?: number, _primary_term?: number }): StoredVersion {
  return { index: answer._index, seqNo: answer._seq_no!, primaryTerm: answer._primary_term! }
}
