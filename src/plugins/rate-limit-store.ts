import { LruMap } from 'toad-cache'
import type { RedisClient } from '../clients/redis.ts'

type Callback = (error: Error | null, result?: { current: number, ttl: number }) => void

/**
 * Both scripts may reserve a lease: `extra` units beyond the request, at most ARGV[4] and at most an eighth of what
 * is left. The caller spends the lease locally, so most requests cost no Redis round trip, while the shared count
 * never admits more than the limit: leased units are already counted in Redis. Near the limit leases shrink to
 * nothing and every request is counted in Redis, exactly. Unused leases expire with their window.
 */
const LEASE = `
local function lease (current, need, max, cap)
  local room = max - current - need
  if cap <= 0 or need <= 0 or room <= 0 then return 0 end
  return math.min(cap, math.floor(room / 8))
end
local function ttl_of (key, window)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, window); ttl = window end
  return ttl
end`

// Always counts (what @fastify/rate-limit expects): the caller compares `current` with its maximum.
const INCR = `${LEASE}
local amount = tonumber(ARGV[2])
local before = tonumber(redis.call('GET', KEYS[1]) or '0')
local extra = lease(before, amount, tonumber(ARGV[3]), tonumber(ARGV[4]))
local current = redis.call('INCRBY', KEYS[1], amount + extra)
return { current - extra, ttl_of(KEYS[1], tonumber(ARGV[1])), extra }`

// Counts only what fits: a refused batch of documents does not use up the budget it was refused for.
const TAKE = `${LEASE}
local amount = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current + amount > max then return { current, ttl_of(KEYS[1], tonumber(ARGV[1])), 0, 0 } end
local extra = lease(current, amount, max, tonumber(ARGV[4]))
if amount + extra > 0 then current = redis.call('INCRBY', KEYS[1], amount + extra) end
return { current - extra, ttl_of(KEYS[1], tonumber(ARGV[1])), 1, extra }`

/** Largest lease; 0 turns leasing off (every request counted in Redis). */
export const MAX_LEASE = 64

export interface Count { current: number, ttl: number }
export interface Taken extends Count { allowed: boolean }

interface Windowed { current: number, resetAt: number }
/**
 * Units reserved in Redis and not spent yet; `current` is the shared count as of the last spend. A `full` window
 * has no room left until it resets: further requests are refused here, so a flood past a limit never reaches Redis.
 */
interface Lease { left: number, current: number, resetAt: number, full?: true }

interface Scripted {
  rateLimitIncr: (key: string, windowMs: number, amount: number, max: number, cap: number) => Promise<[number, number, number]>
  rateLimitTake: (key: string, windowMs: number, amount: number, max: number, cap: number) => Promise<[number, number, number, number]>
}

/**
 * Fixed-window counters shared by every instance through Redis, spent from small local leases (see LEASE) so that
 * most requests cost no round trip. While Redis is away (not connected, or a command fails or times out) the same
 * window is counted in this process instead: limits stay enforced per instance, neither failing open nor locking
 * everyone out, and move back to Redis as soon as it is ready again.
 */
export class FallbackCounter {
  readonly redis: RedisClient
  // Bounded: a flood of distinct keys evicts the oldest windows instead of growing the heap.
  readonly local = new LruMap<Windowed>(50_000)
  readonly leases = new LruMap<Lease>(50_000)
  /** Operations counted locally because Redis was not usable (exposed for tests and metrics). */
  fallbacks = 0
  readonly #cap: number
  readonly #inFlight = new Map<string, Promise<unknown>>()

  constructor (redis: RedisClient, leaseCap = MAX_LEASE) {
    this.redis = redis
    this.#cap = leaseCap
    if (!('rateLimitIncr' in redis)) redis.defineCommand('rateLimitIncr', { numberOfKeys: 1, lua: INCR })
    if (!('rateLimitTake' in redis)) redis.defineCommand('rateLimitTake', { numberOfKeys: 1, lua: TAKE })
  }

  /** Adds `amount` to the window of `key` and returns the new count; `max` (when known) sizes the leases. */
  async incr (key: string, windowMs: number, amount = 1, max = 0): Promise<Count> {
    if (this.redis.status === 'ready') {
      try {
        const got = await this.leaseOr(key, amount, held => this.scripted().rateLimitIncr(`rl:${key}`, windowMs, amount - held, max, this.#cap))
        if ('leased' in got) return got.leased
        const [current, ttl, extra] = got.answer
        this.keepLease(key, current, ttl, extra)
        if (max > 0 && current > max) this.leases.set(key, { left: 0, current, resetAt: Date.now() + ttl, full: true })
        return { current, ttl }
      } catch {}
    }
    this.fallbacks++
    const entry = this.window(key, windowMs)
    entry.current += amount
    return { current: entry.current, ttl: entry.resetAt - Date.now() }
  }

  /** Adds `amount` only if the count stays within `max`; `allowed` says whether it did. */
  async take (key: string, windowMs: number, amount: number, max: number): Promise<Taken> {
    if (this.redis.status === 'ready') {
      try {
        const got = await this.leaseOr(key, amount, held => this.scripted().rateLimitTake(`rl:${key}`, windowMs, amount - held, max, this.#cap))
        if ('leased' in got) return { ...got.leased, allowed: !got.full }
        const [current, ttl, allowed, extra] = got.answer
        if (allowed === 1) this.keepLease(key, current, ttl, extra)
        else if (got.held > 0) this.leases.set(key, { left: got.held, current: current - got.held, resetAt: Date.now() + ttl })
        else if (current >= max) this.leases.set(key, { left: 0, current, resetAt: Date.now() + ttl, full: true })
        return { current, ttl, allowed: allowed === 1 }
      } catch {}
    }
    this.fallbacks++
    const entry = this.window(key, windowMs)
    const allowed = entry.current + amount <= max
    if (allowed) entry.current += amount
    return { current: entry.current, ttl: entry.resetAt - Date.now(), allowed }
  }

  /**
   * Spends from the lease; else waits for a Redis call of the same key already under way (it usually brings a
   * lease: calling alongside would reserve a lease each, and a burst would reserve the whole budget); else makes
   * the call, registered before anything else can run, with the rest of a lease too small to pay alone.
   */
  private async leaseOr<T> (key: string, amount: number, call: (held: number) => Promise<T>): Promise<{ leased: Count, full: boolean } | { answer: T, held: number }> {
    for (;;) {
      const leased = this.spend(key, amount)
      if (leased !== null) return { leased, full: this.leases.get(key)?.full === true }
      const pending = this.#inFlight.get(key)
      if (pending === undefined) break
      await pending.catch(() => {})
    }
    const held = this.held(key)
    const answer = call(held)
    this.#inFlight.set(key, answer)
    try {
      return { answer: await answer, held }
    } finally {
      if (this.#inFlight.get(key) === answer) this.#inFlight.delete(key)
    }
  }

  /** Spends from this process's lease of `key` when it holds enough; null sends the caller to Redis. */
  private spend (key: string, amount: number): Count | null {
    const lease = this.leases.get(key)
    if (lease === undefined) return null
    const now = Date.now()
    if (lease.resetAt <= now) return null
    // A full window answers locally: the count only grows (what @fastify/rate-limit compares), nothing is stored.
    if (lease.full === true) return { current: lease.current + amount, ttl: lease.resetAt - now }
    // At least one unit must be left even for amount 0: a peek asks whether one more would fit.
    if (lease.left < Math.max(amount, 1)) return null
    lease.left -= amount
    lease.current += amount
    return { current: lease.current, ttl: lease.resetAt - now }
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

  private scripted (): Scripted {
    return this.redis as unknown as Scripted
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

interface RouteInfo { method?: string | string[], url?: string }

/**
 * Adapter giving @fastify/rate-limit the store interface it expects, backed by a FallbackCounter. A route with
 * its own `config.rateLimit` gets a child store with its own key space, so its count never mixes with the global one.
 */
export function storeFor (counter: FallbackCounter, prefix: string, windowMs: number) {
  return class FallbackStore {
    readonly prefix: string
    constructor (_params?: unknown, childPrefix = prefix) {
      this.prefix = childPrefix
    }

    incr (key: string, callback: Callback, timeWindow: number = windowMs, max = 0): void {
      counter.incr(`${this.prefix}:${key}`, timeWindow, 1, max).then(result => callback(null, result), callback)
    }

    // Called with the route's merged limit options (the route is under `routeInfo`; the typings say the route).
    child (params: object): FallbackStore {
      const { method = '', url = '' } = (params as { routeInfo?: RouteInfo }).routeInfo ?? params as RouteInfo
      return new FallbackStore(undefined, `${this.prefix}:${String(method)}:${url}`)
    }
  }
}
