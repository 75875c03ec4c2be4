import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import { LruMap } from 'toad-cache'
import { Breaker } from '../clients/breaker.ts'
import type { RedisClient } from '../clients/redis.ts'
import { withLimitCommands, type LimitRedis } from './rate-limit-scripts.ts'

type Callback = (error: Error | null, result?: { current: number, ttl: number }) => void

/** Largest lease; 0 turns leasing off (every request counted in Redis). */
const MAX_LEASE = 64
/** After a failed Redis call, counts stay local this long (then one trial call), like the cache's breaker. */
export const LIMIT_BREAKER_MS = 1000

export interface Count { current: number, ttl: number }
export interface Taken extends Count { allowed: boolean }
interface Spent extends Count { full: boolean }

interface Windowed { current: number, resetAt: number }
/**
 * Units reserved in Redis and not spent yet; `current` is the shared count as of the last spend. A `full` window
 * has no room left until it resets: further requests are refused here, so a flood past a limit never reaches Redis.
 */
interface Lease { left: number, current: number, resetAt: number, full?: true }

/**
 * Fixed-window counters shared by every instance through Redis, spent from small local leases (see LEASE) so that
 * most requests cost no round trip. While Redis is away (not connected, or a command fails or times out) the same
 * window is counted in this process instead: limits stay enforced per instance, neither failing open nor locking
 * everyone out, and move back to Redis as soon as it is ready again. A Redis that keeps the connection but stops
 * answering (frozen, partitioned) costs one command timeout: the failed call opens a breaker, and the callers that
 * waited for it, and those that come after, count locally at once (one trial call per breaker period).
 */
export class FallbackCounter {
  readonly redis: LimitRedis
  // Bounded: a flood of distinct keys evicts the oldest windows instead of growing the heap.
  readonly local = new LruMap<Windowed>(50_000)
  readonly leases = new LruMap<Lease>(50_000)
  /** Operations counted locally because Redis was not usable (exposed for tests and metrics). */
  fallbacks = 0
  readonly #cap: number
  readonly #inFlight = new Map<string, Promise<unknown>>()
  readonly breaker: Breaker

  constructor (redis: RedisClient, leaseCap = MAX_LEASE, breakerMs = LIMIT_BREAKER_MS) {
    this.redis = withLimitCommands(redis)
    this.#cap = leaseCap
    this.breaker = new Breaker(breakerMs)
  }

  /** Adds `amount` to the window of `key` and returns the new count; `max` (when known) sizes the leases. */
  async incr (key: string, windowMs: number, amount = 1, max = 0): Promise<Count> {
    return this.leased(key, amount) ?? await this.#incrSlow(key, windowMs, amount, max)
  }

  /** Adds `amount` only if the count stays within `max`; `allowed` says whether it did. */
  async take (key: string, windowMs: number, amount: number, max: number): Promise<Taken> {
    const leased = this.leased(key, amount)
    if (leased !== null) return { current: leased.current, ttl: leased.ttl, allowed: !leased.full }
    return await this.#takeSlow(key, windowMs, amount, max)
  }

  /**
   * The common case without a promise chain: the shared count is usable and this process's lease of `key` pays
   * (what leaseOr would find first). null: go the whole way (Redis, a call under way, or the local count).
   */
  leased (key: string, amount: number): Count & { full: boolean } | null {
    return this.#shared() ? this.spend(key, amount) : null
  }

  async #incrSlow (key: string, windowMs: number, amount: number, max: number): Promise<Count> {
    const shared = this.#shared() ? await this.incrShared(key, windowMs, amount, max).catch(() => null) : null
    if (shared !== null) return shared
    this.fallbacks++
    const entry = this.window(key, windowMs)
    entry.current += amount
    return { current: entry.current, ttl: entry.resetAt - Date.now() }
  }

  async #takeSlow (key: string, windowMs: number, amount: number, max: number): Promise<Taken> {
    const shared = this.#shared() ? await this.takeShared(key, windowMs, amount, max).catch(() => null) : null
    if (shared !== null) return shared
    this.fallbacks++
    const entry = this.window(key, windowMs)
    const allowed = entry.current + amount <= max
    if (allowed) entry.current += amount
    return { current: entry.current, ttl: entry.resetAt - Date.now(), allowed }
  }

  /**
   * Whether to try the shared count: Redis connected and the breaker not skipping. Checked before anything async, so
   * that a frozen Redis costs a request no more than a dead one (a lease still held goes unspent: lost, not overspent).
   */
  #shared (): boolean {
    return this.redis.status === 'ready' && !this.breaker.skipping
  }

  /** incr on the shared count (lease or Redis); null: count locally. */
  private async incrShared (key: string, windowMs: number, amount: number, max: number): Promise<Count | null> {
    const got = await this.leaseOr(key, amount, held => this.redis.rateLimitIncr(`rl:${key}`, windowMs, amount - held, max, this.#cap))
    if (got === null) return null
    if ('leased' in got) return got.leased
    const [current, ttl, extra] = got.answer
    this.keepLease(key, current, ttl, extra)
    if (max > 0 && current > max) this.leases.set(key, { left: 0, current, resetAt: Date.now() + ttl, full: true })
    return { current, ttl }
  }

  /** take on the shared count (lease or Redis); null: count locally. */
  private async takeShared (key: string, windowMs: number, amount: number, max: number): Promise<Taken | null> {
    const got = await this.leaseOr(key, amount, held => this.redis.rateLimitTake(`rl:${key}`, windowMs, amount - held, max, this.#cap))
    if (got === null) return null
    if ('leased' in got) return { ...got.leased, allowed: !got.full }
    const [current, ttl, allowed, extra] = got.answer
    if (allowed === 1) this.keepLease(key, current, ttl, extra)
    else if (got.held > 0) this.leases.set(key, { left: got.held, current: current - got.held, resetAt: Date.now() + ttl })
    else if (current >= max) this.leases.set(key, { left: 0, current, resetAt: Date.now() + ttl, full: true })
    return { current, ttl, allowed: allowed === 1 }
  }

  /**
   * Spends from the lease; else waits for a Redis call of the same key already under way (it usually brings a
   * lease: calling alongside would reserve a lease each, and a burst would reserve the whole budget); else makes
   * the call, registered before anything else can run, with the rest of a lease too small to pay alone. null
   * (count locally) while the breaker is open: when the awaited call failed, its waiters count locally instead of each making a
   * call of their own, one after the other, each waiting the full command timeout.
   */
  private async leaseOr<T> (key: string, amount: number, call: (held: number) => Promise<T>): Promise<{ leased: Count, full: boolean } | { answer: T, held: number } | null> {
    for (;;) {
      const leased = this.spend(key, amount)
      if (leased !== null) return { leased, full: leased.full }
      const pending = this.#inFlight.get(key)
      if (pending === undefined) break
      await pending.catch(() => {})
    }
    if (!this.breaker.allow()) return null
    const held = this.held(key)
    const answer = call(held)
    this.#inFlight.set(key, answer)
    try {
      const result = await answer
      this.breaker.succeeded()
      return { answer: result, held }
    } catch (error) {
      this.breaker.failed()
      throw error
    } finally {
      if (this.#inFlight.get(key) === answer) this.#inFlight.delete(key)
    }
  }

  /**
   * Spends from this process's lease of `key` when it holds enough; null sends the caller to Redis. `full`: the
   * window has no room left (one lookup of the lease answers both).
   */
  private spend (key: string, amount: number): Spent | null {
    const lease = this.leases.get(key)
    if (lease === undefined) return null
    const now = Date.now()
    if (lease.resetAt <= now) return null
    // A full window answers locally: the count only grows (what @fastify/rate-limit compares), nothing is stored.
    if (lease.full === true) return { current: lease.current + amount, ttl: lease.resetAt - now, full: true }
    // At least one unit must be left even for amount 0: a peek asks whether one more would fit.
    if (lease.left < Math.max(amount, 1)) return null
    lease.left -= amount
    lease.current += amount
    return { current: lease.current, ttl: lease.resetAt - now, full: false }
  }

  /**
   * Takes the rest of a lease too small for the next request out of the map: those units pay for part of the
   * request, Redis counts only the remainder, so a lease is never wasted (a too-early refusal would be).
   */
  private held (key: string): number {
    const lease = this.leases.get(key)
    this.leases.delete(key)
    return lease === undefined || lease.resetAt <= Date.now() || lease.full === true ? 0 : lease.left
  }

  private keepLease (key: string, current: number, ttl: number, extra: number): void {
    if (extra > 0) this.leases.set(key, { left: extra, current, resetAt: Date.now() + ttl })
  }

  private window (key: string, windowMs: number): Windowed {
    const now = Date.now()
    let entry = this.local.get(key)
    if (entry === undefined || entry.resetAt <= now) {
      entry = { current: 0, resetAt: now + windowMs }
      this.local.set(key, entry)
    }
    return entry
  }
}

/**
 * @fastify/rate-limit's store over a FallbackCounter (the IP limit: src/plugins/rate-limit.ts). Routes have no
 * limits of their own, they spend a principal budget (config.rateBudget): a per-route `config.rateLimit` object, for
 * which the library asks a child store, stops the start instead of silently counting in a key space of its own.
 */
export function limitStore (counter: FallbackCounter, prefix: string, windowMs: number): FastifyRateLimitStoreCtor {
  return class LeaseStore {
    incr (key: string, callback: Callback, timeWindow: number = windowMs, max = 0): void {
      counter.incr(`${prefix}:${key}`, timeWindow, 1, max).then(result => callback(null, result), callback)
    }

    child (): never {
      throw new Error('per-route rate limits (config.rateLimit: {…}) are not supported: routes spend config.rateBudget')
    }
  }
}
