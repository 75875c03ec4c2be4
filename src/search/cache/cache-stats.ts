import { CacheCountersSchema, type CacheCounters } from '../../schemas/cache-stats.ts'

const COUNTERS = Object.keys(CacheCountersSchema.properties) as Array<keyof CacheCounters>

function emptyCounters (): CacheCounters {
  const counters = {} as CacheCounters
  for (const name of COUNTERS) counters[name] = 0
  return counters
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

  /** `tenant` null: an event of no tenant (an epoch invalidation), in the total and the kind's counters only. */
  add (tenant: string | null, kind: string, counter: keyof CacheCounters): void {
    this.#total[counter]++
    let ofKind = this.#kinds.get(kind)
    if (ofKind === undefined) this.#kinds.set(kind, ofKind = emptyCounters())
    ofKind[counter]++
    if (tenant === null) return
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
