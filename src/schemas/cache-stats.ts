import Type, { type Static } from 'typebox'

const Count = (description: string) => Type.Integer({ minimum: 0, description })

/** Counters since the process started: plain numbers, ready to be exported by a metrics endpoint. */
export const CacheCountersSchema = Type.Object({
  hits: Count('Answers served from Redis (fresh or stale)'),
  misses: Count('Answers computed from Elasticsearch, for whatever reason (Redis unavailable included)'),
  fills: Count('Entries written to Redis'),
  errors: Count('Failed cache operations (Redis commands, errors and timeouts; background revalidations)'),
  coalesced: Count('Misses answered by another computation of the same query (in this process or, through the lock, another)'),
  stale: Count('Stale dashboards served while one request revalidated'),
  revalidations: Count('Background revalidations that stored a fresh entry'),
  oversized: Count('Answers larger than the entry size limit (computed, not stored)'),
  bypassed: Count('Reads sent straight to Elasticsearch (Redis unavailable, an invalidation pending, or Cache-Control: no-cache)'),
  wait_timeouts: Count('Waits for another instance\'s computation that ended without its entry (the waiter computed itself)'),
  local_hits: Count('Hits served by the in-process tier, without reading Redis (counted in hits too)'),
  local_bypassed: Count('Reads that skipped the in-process tier because client-side caching was not confirmed active'),
  local_evictions: Count('Entries evicted from the in-process tier to stay within CACHE_LOCAL_MAX_BYTES'),
  local_invalidations: Count('Invalidated keys received from Redis (kind invalidate: a generation, the epoch, or all keys)')
})

export type CacheCounters = Static<typeof CacheCountersSchema>

export const CacheStatsSchema = Type.Object({
  ...CacheCountersSchema.properties,
  pending_invalidations: Count('Tenants whose generation could not be advanced yet (Redis away during their write)'),
  epoch: Type.Union([Type.String(), Type.Null()], { description: 'Global epoch this process uses (null until read from Redis)' }),
  redis: Type.Enum(['ready', 'unavailable']),
  local_tier: Type.Enum(['on', 'off', 'disabled'], { description: 'The in-process tier: on (tracking confirmed), off (bypassed until tracking is back), disabled (CACHE_LOCAL_MAX_BYTES=0, or Redis Cluster)' })
}, { description: 'Counters of the caller\'s tenant in this process since it started' })

export type CacheStats = Static<typeof CacheStatsSchema>
