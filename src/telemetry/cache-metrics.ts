import { Counter, Gauge, type Registry } from 'prom-client'
import type { CacheCounters } from '../schemas/cache-stats.ts'
import type { QueryCache } from '../search/cache/query-cache.ts'

/** The cache's counter names as metric label values (the vocabulary of docs/cache.md and Cache-Status). */
const EVENTS: Record<keyof CacheCounters, string> = {
  hits: 'hit',
  misses: 'miss',
  coalesced: 'coalesced',
  stale: 'stale_served',
  bypassed: 'bypassed',
  fills: 'stored',
  errors: 'error',
  oversized: 'oversized',
  revalidations: 'revalidated',
  wait_timeouts: 'wait_timeout',
  local_hits: 'local_hit',
  local_bypassed: 'local_bypassed',
  local_evictions: 'local_evicted',
  local_invalidations: 'local_invalidated'
}

/**
 * The cache's own counters (kept by its CounterBook, per kind), read when Prometheus scrapes: the read path pays
 * nothing for metrics. No tenant label: the per-tenant split is the admin stats route's, for the tenant alone.
 */
export function cacheMetrics (registry: Registry, cache: () => QueryCache | undefined): void {
  const metrics = [new Counter<'kind' | 'event'>({
    name: 'ias_cache_events_total',
    help: 'Cache outcomes by kind of answer (search, facet-values, similar, dashboard; invalidate = generation bumps) and event',
    labelNames: ['kind', 'event'],
    registers: [],
    collect () {
      this.reset()
      for (const [kind, counters] of cache()?.kindCounters() ?? []) {
        for (const [counter, event] of Object.entries(EVENTS)) this.labels(kind, event).inc(counters[counter as keyof CacheCounters])
      }
    }
  }), new Gauge({
    name: 'ias_cache_redis_circuit_open',
    help: '1 while reads skip Redis (the breaker opened after a failed command, or Redis is not ready), else 0',
    registers: [],
    collect () { this.set(cache()?.circuitOpen() === true ? 1 : 0) }
  }), new Gauge({
    name: 'ias_cache_pending_invalidations',
    help: 'Tenants whose generation could not be advanced yet (Redis away during their write)',
    registers: [],
    collect () { this.set(cache()?.stats().pending_invalidations ?? 0) }
  }), new Gauge({
    name: 'ias_cache_local_bytes',
    help: 'Bytes held by the in-process tier (bodies in UTF-8 bytes, keys and ETags at two bytes per character, plus overhead), at most CACHE_LOCAL_MAX_BYTES',
    registers: [],
    collect () { this.set(cache()?.localBytes() ?? 0) }
  }), new Gauge({
    name: 'ias_cache_local_tracking',
    help: '1 while the in-process tier serves hits (client-side caching confirmed active), else 0 (off or disabled)',
    registers: [],
    collect () { this.set(cache()?.stats().local_tier === 'on' ? 1 : 0) }
  })]
  for (const metric of metrics) registry.registerMetric(metric)
}
