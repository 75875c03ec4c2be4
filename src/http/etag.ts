import { createCipheriv, createDecipheriv, createHmac, createSecretKey } from 'node:crypto'
import type { StoredVersion } from '../search/analyses/settle-read.ts'
import { versionOf } from '../search/index/index-names.ts'

const MARK = 0xe7a6

export interface EtagCodec {
  format: (version: StoredVersion) => string
  /** The ETags of many versions (a bulk answer's), in order: the same strings as `format` one by one. */
  formatAll: (versions: readonly StoredVersion[]) => string[]
  /** The stored version an ETag names, or null when it names none (garbage, or another key). */
  parse: (header: string) => { indexVersion: number, seqNo: number, primaryTerm: number } | null
}

/**
 * Strong ETags of stored analyses: the index version, sequence number and primary term, encrypted as ONE AES block
 * (a keyed permutation of 16 bytes: deterministic, reversible, opaque). Plain sequence numbers would tell a tenant
 * how many writes other tenants made on the shard in between; these tell nothing. The index version is inside, so
 * an ETag from before a migration never matches a document of the new index by accident.
 */
export function etagCodec (secret: string): EtagCodec {
  // A KeyObject made once: given a Buffer, every createCipheriv would build one (measured 13 µs against 2.5 µs).
  const key = createSecretKey(createHmac('sha256', secret).update('analysis-etag').digest())
  // ECB encrypts each block on its own: one cipher over n blocks gives each block's ETag, for one cipher's cost
  // instead of n (2.5 µs each: a bulk of 1,000 spent 2.5 ms on them).
  const formatAll = (versions: readonly StoredVersion[]): string[] => {
    const blocks = Buffer.alloc(16 * versions.length)
    versions.forEach(({ index, seqNo, primaryTerm }, i) => {
      blocks.writeUInt16BE(versionOf(index), 16 * i)
      blocks.writeBigUInt64BE(BigInt(seqNo), 16 * i + 2)
      blocks.writeUInt32BE(primaryTerm, 16 * i + 10)
      blocks.writeUInt16BE(MARK, 16 * i + 14)
    })
    const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false)
    const sealed = Buffer.concat([cipher.update(blocks), cipher.final()])
    return versions.map((_version, i) => `"${sealed.toString('base64url', 16 * i, 16 * i + 16)}"`)
  }
  return {
    format: version => formatAll([version])[0]!,
    formatAll,
    parse (header) {
      const match = /^"([A-Za-z0-9_-]{22})"$/.exec(header.trim())
      if (match === null) return null
      const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false)
      const block = Buffer.concat([decipher.update(Buffer.from(match[1]!, 'base64url')), decipher.final()])
      if (block.readUInt16BE(14) !== MARK) return null
      return { indexVersion: block.readUInt16BE(0), seqNo: Number(block.readBigUInt64BE(2)), primaryTerm: block.readUInt32BE(10) }
    }
  }
}
