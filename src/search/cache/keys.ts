import { hash } from 'node:crypto'
import { FifoMap } from 'toad-cache'
import { canonicalJson } from '../canonical-json.ts'

export const CACHE_KINDS = ['search', 'facet-values', 'similar', 'dashboard'] as const
export type CacheKind = typeof CACHE_KINDS[number]

/**
 * The Redis key layout (the client's keyPrefix goes in front of each). Every key of a tenant carries the tenant
 * as a `{hash tag}`, so one MGET reads the generation and the entry on the same Redis Cluster slot.
 *
 *   gen:{<tenant>}                                     the tenant's generation (INCR on every acknowledged write)
 *   c:{<tenant>}:<kind>:<digest>:<epoch>               one cached answer, headed by the generation it was built at
 *   lock:{<tenant>}:<kind>:<digest>:<epoch>.<generation>  who computes that answer right now (SET NX PX)
 *   epoch                                              global epoch, bumped after an outage swallowed an INCR
 *   lineage                                            replication id of the master the epoch was last checked on
 */
export const EPOCH_KEY = 'epoch'
export const LINEAGE_KEY = 'lineage'

export function generationKey (tenant: string): string {
  return `gen:{${tenant}}`
}

/** Where the answer to one query lives; the generation it was built at is inside the value (see entry.ts). */
export function entryKey (tenant: string, kind: CacheKind, digest: string, epoch: string): string {
  return `c:{${tenant}}:${kind}:${digest}:${epoch}`
}

export function lockKey (tenant: string, kind: CacheKind, digest: string, epoch: string, generation: string): string {
  return `lock:{${tenant}}:${kind}:${digest}:${epoch}.${generation}`
}

/** Canonical texts up to this length have their digest remembered (a hot query is hashed once, not per hit). */
const REMEMBERED_TEXT = 2048
const digests = new FifoMap<string>(1000)

/** 128 bits of SHA-256 in base64url: collisions are not a practical concern, keys stay short. */
export function queryDigest (canonical: string): string {
  let digest = digests.get(canonical)
  if (digest !== undefined) return digest
  digest = hash('sha256', canonical, 'base64url').slice(0, 22)
  if (canonical.length <= REMEMBERED_TEXT) digests.set(canonical, digest)
  return digest
}

/**
 * The canonical text of a query: object keys sorted at every level, undefined dropped. Arrays keep their order,
 * so a caller whose array order does not matter (filter values) sorts them first.
 */
export function canonicalKey (query: unknown): string {
  return typeof query === 'string' ? query : canonicalJson(query)
}
