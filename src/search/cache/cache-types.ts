import type { CacheKind } from './keys.ts'
import type { LocalTier } from './local-tier.ts'
import type { CounterBook } from './cache-stats.ts'

/** How long an entry of one kind is served: `freshMs`, then (stale-while-revalidate) up to `staleMs` more. */
export interface CachePolicy {
  freshMs: number
  staleMs: number
}

export interface QueryCacheOptions {
  maxEntryBytes: number
  genTtlMs: number
  /** A computation's claim on a query (SET NX PX); it outlives a slow computation, a crashed one frees it. */
  lockTtlMs: number
  /** How long another instance's computation is waited for before computing here too. */
  lockWaitMs: number
  pollMs: number
  /**
   * After a failed Redis command, reads skip the cache this long: a Redis that accepts connections but does not
   * answer (frozen, overloaded) costs one command timeout per period, not one per read.
   */
  breakerMs: number
  /** Hot entries kept in this process, kept coherent by client-side caching; absent: every hit reads Redis. */
  tier?: LocalTier
  /** Shared with the tier, which counts its evictions and invalidations there; absent: the cache's own. */
  counters?: CounterBook
  now: () => number
  onError: (error: unknown, context: string) => void
}

export interface CachedRead {
  tenant: string
  kind: CacheKind
  /** The canonical text of the query (see canonicalKey); its digest names the entry. */
  query: string
  policy: CachePolicy
  /** Computes the answer from Elasticsearch: the exact JSON text to send. */
  compute: () => Promise<string>
}

/** How the answer was obtained, for the Cache-Status header (RFC 9211). */
export type CacheOutcome =
  /** `local`: served by the in-process tier, without reading Redis. */
  | { type: 'hit', ttlS: number, local?: true }
  | { type: 'miss', stored: boolean, collapsed: boolean, detail?: 'redis-unavailable' }
  /** The client asked for a fresh answer (request `Cache-Control: no-cache`): computed, cache not consulted. */
  | { type: 'forward' }

export interface CachedAnswer {
  /** The exact JSON answer; already encoded when the in-process tier served it. */
  body: string | Buffer
  etag: string
  outcome: CacheOutcome
}
