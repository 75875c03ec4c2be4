import { randomUUID } from 'node:crypto'
import { Breaker } from '../../clients/breaker.ts'
import type { CacheCounters, CacheStats } from '../../schemas/cache-stats.ts'
import { CounterBook } from './cache-stats.ts'
import type { CachedAnswer, CachedRead, QueryCacheOptions } from './cache-types.ts'
import { bodyEtag, decodeEntry, encodeEntry } from './entry.ts'
import { awaitEntry, type Slot } from './await-entry.ts'
import type { Generations } from './generations.ts'
import { entryKey, generationKey, lockKey, queryDigest } from './keys.ts'
import type { CacheRedis } from './scripts.ts'
import { SingleFlight } from './single-flight.ts'

/**
 * Cached reads keyed by tenant, kind, epoch and query digest, valid for one generation. A hit is one Redis round
 * trip (an MGET of the generation and the entry), or none when the in-process tier has it (local-tier.ts); a miss computes once per process (single flight) and once across instances (a Redis lock whose losers
 * poll for the winner's entry). Redis failures never fail a read: it is computed from Elasticsearch instead.
 */
export class QueryCache {
  readonly #counters: CounterBook
  readonly #redis: CacheRedis
  readonly #generations: Generations
  readonly #options: QueryCacheOptions
  readonly #flights = new SingleFlight<CachedAnswer>()
  readonly #revalidating = new Set<string>()
  readonly #breaker: Breaker

  constructor (redis: CacheRedis, generations: Generations, options: QueryCacheOptions) {
    this.#redis = redis
    this.#generations = generations
    this.#options = options
    this.#counters = options.counters ?? new CounterBook()
    this.#breaker = new Breaker(options.breakerMs)
  }

  async read (read: CachedRead): Promise<CachedAnswer> {
    // usable() first: allow() may make this read the breaker's trial, which must then reach Redis and report.
    if (!this.#generations.usable() || !this.#breaker.allow()) return await this.#bypass(read)
    const digest = queryDigest(read.query)
    const genKey = generationKey(read.tenant)
    const local = await this.#local(read, genKey, digest)
    if (local !== null) return local
    const ticket = this.#options.tier?.keys.begin(genKey) ?? null
    let key: string, epoch: string, generation: string, raw: string | null
    try {
      epoch = await this.#generations.currentEpoch()
      key = entryKey(read.tenant, read.kind, digest, epoch)
      const [current, value] = await this.#redis.mget(genKey, key)
      // No generation (never set, expired, evicted): start a new lineage; no entry can be of it yet.
      generation = current ?? await this.#redis.cachePeek(genKey, this.#options.genTtlMs)
      raw = current == null ? null : value ?? null
      this.#breaker.succeeded()
    } catch (error) {
      this.#error(error, 'read', read)
      return await this.#bypass(read)
    }
    const slot: Slot = { read, genKey, key, epoch, generation, ticket, lock: lockKey(read.tenant, read.kind, digest, epoch, generation) }
    const entry = raw === null ? null : decodeEntry(raw, generation)
    if (entry !== null) {
      const ageMs = this.#options.now() - entry.storedAt
      const ttlS = Math.floor((read.policy.freshMs - ageMs) / 1000)
      if (ageMs < read.policy.freshMs) {
        this.#count(read, 'hits')
        this.#options.tier?.put(genKey, ticket, key, generation, entry, read.tenant, read.kind)
        return { body: entry.body, etag: entry.etag, outcome: { type: 'hit', ttlS } }
      }
      if (ageMs < read.policy.freshMs + read.policy.staleMs) {
        this.#count(read, 'hits')
        this.#count(read, 'stale')
        this.#revalidate(slot)
        return { body: entry.body, etag: entry.etag, outcome: { type: 'hit', ttlS } }
      }
    }
    this.#count(read, 'misses')
    const { value, shared } = await this.#flights.run(`${key}.${generation}`, async () => await this.#fill(slot),
      () => { this.#count(read, 'coalesced') })
    // Those who joined did not store anything themselves: they reused the leader's answer.
    return shared && value.outcome.type === 'miss' ? { ...value, outcome: { ...value.outcome, stored: false, collapsed: true } } : value
  }

  /**
   * A fresh entry of the in-process tier, or null (then Redis is asked). The lookup first waits for the tier's
   * sync: a PING on the invalidation connection sent after this read started (shared by every read of the same
   * event-loop turn) proves that every invalidation of a write acknowledged before has been processed (docs/cache.md,
   * "Why a tier hit is never older than an acknowledged write").
   */
  async #local (read: CachedRead, genKey: string, digest: string): Promise<CachedAnswer | null> {
    const tier = this.#options.tier
    if (tier === undefined) return null
    if (!tier.keys.active) {
      this.#count(read, 'local_bypassed')
      return null
    }
    const epoch = this.#generations.epoch
    if (epoch === null) return null
    const key = entryKey(read.tenant, read.kind, digest, epoch)
    // Nothing to serve here: straight to Redis, without waiting for a sync.
    if (tier.get(genKey, key, epoch) === null) return null
    // Tracking may have been lost meanwhile, or the PING failed: Redis decides.
    if (!await tier.sync() || !tier.keys.active) {
      this.#count(read, 'local_bypassed')
      return null
    }
    // Looked up again: the sync may have brought an invalidation of the generation or the epoch.
    const entry = tier.get(genKey, key, epoch)
    if (entry === null) return null
    const ageMs = this.#options.now() - entry.storedAt
    // Past fresh: the Redis path decides (a dashboard served stale revalidates there, as without the tier).
    if (ageMs >= read.policy.freshMs) return null
    this.#count(read, 'hits')
    this.#count(read, 'local_hits')
    return { body: entry.body, etag: entry.etag, outcome: { type: 'hit', ttlS: Math.floor((read.policy.freshMs - ageMs) / 1000), local: true } }
  }

  /**
   * Computes without consulting the cache (the client asked for a fresh answer): no lookup, no coalescing with a
   * computation that may have started before the request, and nothing stored (entries are never stale anyway).
   */
  async forward (read: CachedRead): Promise<CachedAnswer> {
    this.#count(read, 'misses')
    this.#count(read, 'bypassed')
    const body = await read.compute()
    return { body, etag: bodyEtag(body), outcome: { type: 'forward' } }
  }

  /** Advances the tenant's generation: every entry of the tenant is orphaned (expires by TTL). */
  async invalidate (tenant: string): Promise<boolean> {
    const advanced = await this.#generations.advance(tenant)
    // The invalidation message is on its way; a read started after this write's acknowledgement waits for it, but
    // forgetting the generation here at once costs nothing.
    this.#options.tier?.keys.invalidate(generationKey(tenant))
    if (!advanced) this.#counters.add(tenant, 'invalidate', 'errors')
    return advanced
  }

  /** The counters of one tenant (what a tenant's admin may see), or of the whole process (for operators). */
  stats (tenant?: string): CacheStats {
    return {
      ...this.#counters.of(tenant),
      pending_invalidations: this.#generations.pending,
      epoch: this.#generations.epoch,
      redis: this.#generations.ready ? 'ready' : 'unavailable',
      local_tier: this.#options.tier === undefined ? 'disabled' : this.#options.tier.serving ? 'on' : 'off'
    }
  }

  // Without Redis there is no generation: no coalescing either, since a read that starts after a write
  // acknowledged by another instance must not join a computation that started before it.
  async #bypass (read: CachedRead): Promise<CachedAnswer> {
    this.#count(read, 'misses')
    this.#count(read, 'bypassed')
    const body = await read.compute()
    return { body, etag: bodyEtag(body), outcome: { type: 'miss', stored: false, collapsed: false, detail: 'redis-unavailable' } }
  }

  async #fill (slot: Slot): Promise<CachedAnswer> {
    const token = randomUUID()
    let locked: boolean
    try {
      locked = await this.#redis.set(slot.lock, token, 'PX', this.#options.lockTtlMs, 'NX') === 'OK'
    } catch (error) {
      this.#error(error, 'lock', slot.read)
      const body = await slot.read.compute()
      return { body, etag: bodyEtag(body), outcome: { type: 'miss', stored: false, collapsed: false, detail: 'redis-unavailable' } }
    }
    if (!locked) {
      const entry = await awaitEntry(this.#redis, slot, this.#options, (error) => { this.#error(error, 'await fill', slot.read) })
      if (entry === null) this.#count(slot.read, 'wait_timeouts')
      else {
        this.#count(slot.read, 'coalesced')
        return { body: entry.body, etag: entry.etag, outcome: { type: 'miss', stored: false, collapsed: true } }
      }
    }
    try {
      const body = await slot.read.compute()
      const etag = bodyEtag(body)
      const stored = await this.#store(slot, body, etag)
      return { body, etag, outcome: { type: 'miss', stored: stored === true, collapsed: false, ...(stored === null ? { detail: 'redis-unavailable' as const } : {}) } }
    } finally {
      if (locked) this.#redis.cacheUnlock(slot.lock, token).catch(error => { this.#error(error, 'unlock', slot.read) })
    }
  }

  /** true: stored; false: not stored (too large, or a write advanced the generation); null: Redis failed. */
  async #store (slot: Slot, body: string, etag: string): Promise<boolean | null> {
    if (Buffer.byteLength(body) > this.#options.maxEntryBytes) {
      this.#count(slot.read, 'oversized')
      return false
    }
    const entry = { body, etag, storedAt: this.#options.now() }
    const value = encodeEntry(slot.generation, entry)
    const ttlMs = slot.read.policy.freshMs + slot.read.policy.staleMs
    try {
      const stored = await this.#redis.cacheStore(slot.genKey, slot.key, slot.generation, value, ttlMs, this.#options.genTtlMs) === 1
      if (stored) {
        this.#count(slot.read, 'fills')
        this.#options.tier?.put(slot.genKey, slot.ticket, slot.key, slot.generation, entry, slot.read.tenant, slot.read.kind)
      }
      return stored
    } catch (error) {
      this.#error(error, 'store', slot.read)
      return null
    }
  }

  /** One background recomputation per stale entry: per process by a set, across instances by the same lock. */
  #revalidate (slot: Slot): void {
    if (this.#revalidating.has(slot.lock)) return
    this.#revalidating.add(slot.lock)
    const token = randomUUID()
    const run = async (): Promise<void> => {
      if (await this.#redis.set(slot.lock, token, 'PX', this.#options.lockTtlMs, 'NX') !== 'OK') return
      try {
        const body = await slot.read.compute()
        if (await this.#store(slot, body, bodyEtag(body)) === true) this.#count(slot.read, 'revalidations')
      } finally {
        await this.#redis.cacheUnlock(slot.lock, token)
      }
    }
    run().catch(error => { this.#error(error, 'revalidate', slot.read, false) })
      .finally(() => { this.#revalidating.delete(slot.lock) })
  }

  /** Counters per kind of answer, for operators' metrics (no tenant in them). */
  kindCounters (): ReadonlyMap<string, Readonly<CacheCounters>> {
    return this.#counters.byKind()
  }

  /** Bytes held by the in-process tier (0 without one). */
  localBytes (): number {
    return this.#options.tier?.bytes ?? 0
  }

  /** True while reads skip Redis: the breaker opened after a failed command, or Redis is not ready. */
  circuitOpen (): boolean {
    return this.#breaker.open || !this.#generations.usable()
  }

  #count (read: Pick<CachedRead, 'tenant' | 'kind'>, counter: keyof CacheCounters): void {
    this.#counters.add(read.tenant, read.kind, counter)
  }

  #error (error: unknown, context: string, read: Pick<CachedRead, 'tenant' | 'kind'>, redis = true): void {
    this.#count(read, 'errors')
    if (redis) this.#breaker.failed()
    this.#options.onError(error, context)
  }
}
