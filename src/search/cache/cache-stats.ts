/** Counters since the process started: plain numbers, ready to be exported by a metrics endpoint. */
export interface CacheCounters {
  /** Answers served from Redis (fresh or stale). */
  hits: number
  /** Answers computed from Elasticsearch, for whatever reason (including Redis unavailable). */
  misses: number
  /** Entries written to Redis. */
  fills: number
  /** Cache operations that failed: Redis commands (errors, timeouts) and background revalidations. */
  errors: number
  /** Misses answered by another computation of the same query (in this process or, through the lock, another). */
  coalesced: number
  /** Stale dashboard answers served while one request revalidated. */
  stale: number
  /** Background revalidations that stored a fresh entry. */
  revalidations: number
  /** Answers larger than the entry size limit (computed, not stored). */
  oversized: number
  /**
   * Reads that went straight to Elasticsearch: Redis was unavailable, an invalidation was pending, or the client
   * asked for a fresh answer (`Cache-Control: no-cache`).
   */
  bypassed: number
  /** Lock waits that ended without the other computation's entry (the waiter computed itself). */
  wait_timeouts: number
}

export function emptyCounters (): CacheCounters {
  return { hits: 0, misses: 0, fills: 0, errors: 0, coalesced: 0, stale: 0, revalidations: 0, oversized: 0, bypassed: 0, wait_timeouts: 0 }
}

/** Most tenants tracked at once; the least recently counted one is forgotten beyond that. */
const MAX_TENANTS = 10_000

/**
 * Counters for the whole process, per kind of answer and per tenant: a tenant's admin sees only their own traffic
 * (another tenant's activity is none of their business), operators see the sum and the split by kind (metrics).
 * `invalidate` counts the generation bumps of writes, which belong to no kind.
 */
export class CounterBook {
  readonly #total = emptyCounters()
  readonly #kinds = new Map<string, CacheCounters>()
  readonly #tenants = new Map<string, CacheCounters>()

  add (tenant: string, kind: string, counter: keyof CacheCounters): void {
    this.#total[counter]++
    let ofKind = this.#kinds.get(kind)
    if (ofKind === undefined) this.#kinds.set(kind, ofKind = emptyCounters())
    ofKind[counter]++
    let counters = this.#tenants.get(tenant)
    if (counters === undefined) {
      if (this.#tenants.size >= MAX_TENANTS) this.#tenants.delete(this.#tenants.keys().next().value!)
      counters = emptyCounters()
    } else {
      this.#tenants.delete(tenant) // re-inserted below: the map's order is the recency order
    }
    counters[counter]++
    this.#tenants.set(tenant, counters)
  }

  of (tenant?: string): CacheCounters {
    if (tenant === undefined) return { ...this.#total }
    return { ...(this.#tenants.get(tenant) ?? emptyCounters()) }
  }

  /** The live counters of each kind counted so far (read by the metrics collector, not to be changed). */
  byKind (): ReadonlyMap<string, Readonly<CacheCounters>> {
    return this.#kinds
  }
}

export interface CacheStats extends CacheCounters {
  /** Tenants whose generation could not be advanced yet (Redis away during their write). */
  pending_invalidations: number
  /** The global epoch this process uses, null until read from Redis. */
  epoch: string | null
  redis: 'ready' | 'unavailable'
}
