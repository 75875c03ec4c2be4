import { versionOf } from '../index/index-names.ts'

/** Where a stored version lives: index version, sequence number and primary term (Elasticsearch's own). */
export interface StoredVersion {
  indexVersion: number
  seqNo: number
  primaryTerm: number
}

/**
 * Strong ETag of a stored analysis. It names the index version too: after a migration copies a document into
 * the next index its sequence numbers start afresh, and an old ETag must not match a new document by accident.
 */
export function formatEtag (index: string, seqNo: number, primaryTerm: number): string {
  return `"${versionOf(index)}.${seqNo}.${primaryTerm}"`
}

export function parseEtag (header: string): StoredVersion | null {
  const match = /^"(\d{1,6})\.(\d{1,18})\.(\d{1,12})"$/.exec(header.trim())
  if (match === null) return null
  return { indexVersion: Number(match[1]), seqNo: Number(match[2]), primaryTerm: Number(match[3]) }
}
