import { LruMap } from 'toad-cache'
import type { RedisClient } from './redis.ts'

type Callback = (error: Error | null, result?: { current: number, ttl: number }) => void

// Always counts (what @fastify/rate-limit expects): the caller compares `current` with its maximum.
const INCR = `
local current = redis.call('INCRBY', KEYS[1], ARGV[2])
if current == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { current, ttl }`

// Counts only what fits: a refused batch of documents does not use up the budget it was refused for.
const TAKE = `
local amount = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local allowed = 0
if current + amount <= tonumber(ARGV[3]) then
  allowed = 1
  if amount > 0 then current = redis.call('INCRBY', KEYS[1], amount) end
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if ttl == -2 then ttl = tonumber(ARGV[1]) end
return { current, ttl, allowed }`

export interface Count { current: number, ttl: number }
export interface Taken extends Count { allowed: boolean }

interface Windowed { current: number, resetAt: number }

interface Scripted {
  rateLimitIncr: (key: string, windowMs: number, amount: number) => Promise<[number, number]>
  rateLimitTake: (key: string, windowMs: number, amount: number, max: number) => Promise<[number, number, number]>
}

/**
 * Fixed-window counters shared by every instance through Redis. While Redis is away (not connected, or a
 * command fails or times out) the same window is counted in this process instead: limits stay enforced per
 * instance, neither failing open nor locking everyone out, and move back to Redis as soon as it is ready again.
 */
export class FallbackCounter {
  readonly redis: RedisClient
  // Bounded: a flood of distinct keys evicts the oldest windows instead of growing the heap.
  readonly local = new LruMap<Windowed>(50_000)
  /** Operations counted locally because Redis was not usable (exposed for tests and metrics). */
  fallbacks = 0

  constructor (redis: RedisClient) {
    this.redis = redis
    if (!('rateLimitIncr' in redis)) redis.defineCommand('rateLimitIncr', { numberOfKeys: 1, lua: INCR })
    if (!('rateLimitTake' in redis)) redis.defineCommand('rateLimitTake', { numberOfKeys: 1, lua: TAKE })
  }

  /** Adds `amount` to the window of `key` and returns the new count. */
  async incr (key: string, windowMs: number, amount = 1): Promise<Count> {
    if (this.redis.status === 'ready') {
      try {
        const [current, ttl] = await this.scripted().rateLimitIncr(`rl:${key}`, windowMs, amount)
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
        const [current, ttl, allowed] = await this.scripted().rateLimitTake(`rl:${key}`, windowMs, amount, max)
        return { current, ttl, allowed: allowed === 1 }
      } catch {}
    }
    this.fallbacks++
    const entry = this.window(key, windowMs)
    const allowed = entry.current + amount <= max
    if (allowed) entry.current += amount
    return { current: entry.current, ttl: entry.resetAt - Date.now(), allowed }
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

    incr (key: string, callback: Callback, timeWindow: number = windowMs): void {
      counter.incr(`${this.prefix}:${key}`, timeWindow).then(result => callback(null, result), callback)
    }

    // Called with the route's merged limit options (the route is under `routeInfo`; the typings say the route).
    child (params: object): FallbackStore {
      const { method = '', url = '' } = (params as { routeInfo?: RouteInfo }).routeInfo ?? params as RouteInfo
      return new FallbackStore(undefined, `${this.prefix}:${String(method)}:${url}`)
    }
  }
}
