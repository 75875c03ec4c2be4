import type { CacheCounters } from '../../schemas/cache-stats.ts'
import type { CacheEntry, EncodedEntry } from './entry.ts'
import { EPOCH_KEY } from './keys.ts'
import { TrackedKeys, type Ticket } from './tracked-keys.ts'

interface LocalEntry {
  generation: string
  entry: EncodedEntry
  bytes: number
  tenant: string
  kind: string
}

/** Counts an event of the tier: of a tenant and kind, or of no tenant (an epoch invalidation, a reset). */
type TierCount = (tenant: string | null, kind: string, counter: keyof CacheCounters) => void

// The body counts its encoded bytes; the key and ETag strings at most two bytes per UTF-16 unit; the rest is the
// Map slot and the objects around them.
const OVERHEAD_BYTES = 160

const TENANT_OF_GEN_KEY = /^gen:\{(.*)\}$/

/**
 * Hot cache entries in this process, in front of Redis, bounded in bytes (least recently used evicted first).
 * An entry counts only while the generation it was built at is the tenant's trusted generation and its epoch
 * the trusted epoch (TrackedKeys), and only after `sync` (ClientTracking): then a hit reads nothing from Redis.
 */
export class LocalTier {
  readonly keys: TrackedKeys
  readonly #entries = new Map<string, LocalEntry>()
  readonly #maxBytes: number
  readonly #count: TierCount
  #bytes = 0
  /**
   * Resolves true once every invalidation Redis sent before the call has been processed (ClientTracking.sync):
   * awaited before each lookup. Until tracking is wired, nothing is served.
   */
  sync: () => Promise<boolean> = async () => false

  constructor (maxBytes: number, leaseMs: number, count: TierCount) {
    this.#maxBytes = maxBytes
    this.keys = new TrackedKeys(leaseMs)
    this.#count = count
  }

  get bytes (): number { return this.#bytes }
  /** Hits can be served: tracking is active and the epoch is trusted. */
  get serving (): boolean { return this.keys.value(EPOCH_KEY) !== null }
  get size (): number { return this.#entries.size }

  /** The entry under `key` if it was built at the tenant's trusted generation and `epoch` is the trusted epoch. */
  get (genKey: string, key: string, epoch: string): EncodedEntry | null {
    const generation = this.keys.value(genKey)
    if (generation === null || this.keys.value(EPOCH_KEY) !== epoch) return null
    const local = this.#entries.get(key)
    if (local === undefined || local.generation !== generation) return null
    this.#entries.delete(key) // re-inserted: the map's order is the recency order
    this.#entries.set(key, local)
    return local.entry
  }

  /** Keeps an entry read or stored at `generation`, if the ticket taken before that read still stands. */
  put (genKey: string, ticket: Ticket | null, key: string, generation: string, entry: CacheEntry, tenant: string, kind: string): void {
    if (ticket === null || !this.keys.settle(genKey, ticket, generation)) return
    const body = Buffer.from(entry.body)
    const bytes = body.length + 2 * (key.length + entry.etag.length) + OVERHEAD_BYTES
    if (bytes > this.#maxBytes) return
    this.#remove(key)
    this.#entries.set(key, { generation, entry: { body, etag: entry.etag, storedAt: entry.storedAt }, bytes, tenant, kind })
    this.#bytes += bytes
    while (this.#bytes > this.#maxBytes) {
      const [oldest, evicted] = this.#entries.entries().next().value!
      this.#remove(oldest)
      this.#count(evicted.tenant, evicted.kind, 'local_evictions')
    }
  }

  /**
   * The keys of an invalidation message (prefix removed); null: every key (FLUSHALL, FLUSHDB). An epoch change
   * orphans every entry: the tier is emptied. A tenant's entries stay until evicted or replaced, unreachable once
   * its generation is forgotten.
   */
  invalidate (keys: string[] | null): void {
    if (keys === null) {
      this.keys.forgetAll()
      this.#clearEntries()
      this.#count(null, 'invalidate', 'local_invalidations')
      return
    }
    for (const key of keys) {
      if (key === EPOCH_KEY) this.#clearEntries()
      this.keys.invalidate(key)
      this.#count(TENANT_OF_GEN_KEY.exec(key)?.[1] ?? null, 'invalidate', 'local_invalidations')
    }
  }

  /** Tracking lost: nothing is trusted until it is back, and the entries go (memory returned at once). */
  reset (): void {
    this.keys.deactivate()
    this.#clearEntries()
  }

  #clearEntries (): void {
    this.#entries.clear()
    this.#bytes = 0
  }

  #remove (key: string): void {
    const local = this.#entries.get(key)
    if (local === undefined) return
    this.#entries.delete(key)
    this.#bytes -= local.bytes
  }
}
