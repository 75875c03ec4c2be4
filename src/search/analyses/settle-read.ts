import type { Client } from '@elastic/elasticsearch'
import { setTimeout as sleep } from 'node:timers/promises'
import { canonicalJson } from '../canonical-json.ts'
import type { IndexNames } from '../index/index-names.ts'
import type { StoredAnalysis } from './stored-analysis.ts'

/** Where a stored version lives: the concrete index, and Elasticsearch's sequence number and primary term. */
export interface StoredVersion {
  index: string
  seqNo: number
  primaryTerm: number
}

/**
 * What the retry of a write whose first attempt's outcome is unknown finds stored: the very document its write
 * prepared (same content, same `indexed_at` to the millisecond: that attempt was applied), another one, or none.
 * `created` reads Elasticsearch's per-document version: 1 means that write created the document.
 */
export type Found = { kind: 'applied', version: StoredVersion, created: boolean } | { kind: 'other', version: StoredVersion } | { kind: 'absent' }

interface StoredDoc { found: boolean, _source?: StoredAnalysis, _version?: number, _index: string, _seq_no?: number, _primary_term?: number }

export function versionOf (answer: { _index: string, _seq_no?: number | undefined, _primary_term?: number | undefined }): StoredVersion {
  return { index: answer._index, seqNo: answer._seq_no!, primaryTerm: answer._primary_term! }
}

export function foundOf (doc: StoredDoc, document: StoredAnalysis): Found {
  if (!doc.found) return { kind: 'absent' }
  if (canonicalJson(doc._source) !== canonicalJson(document)) return { kind: 'other', version: versionOf(doc) }
  return { kind: 'applied', version: versionOf(doc), created: doc._version === 1 }
}

/**
 * Reads what is stored after a conflict. The primary refused the write because the document moved on; a replica may
 * not have caught up yet and still show what the write expected (`stale`), so the read prefers the primary's node and
 * is made again while any document still looks that way (within about a second; after that the last read stands).
 */
export async function readAfterConflict (es: Client, names: IndexNames, tenant: string, read: (preference: string | undefined) => Promise<Found[]>, stale: (found: Found[]) => boolean): Promise<Found[]> {
  const shards = await es.searchShards({ index: names.read, routing: tenant })
  const primary = shards.shards[0]?.find(copy => copy.primary)?.node
  const preference = primary == null ? undefined : `_prefer_nodes:${primary}`
  for (let attempt = 1; ; attempt++) {
    const found = await read(preference)
    if (attempt >= 20 || !stale(found)) return found
    await sleep(50)
  }
}

/** Rounds of read-and-write a retry of an unconditional write may take while other writes keep moving a document. */
export const MAX_SETTLE_ROUNDS = 3
