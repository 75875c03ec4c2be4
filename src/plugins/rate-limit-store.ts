import { LruMap } from 'toad-cache'
import type { RedisClient } from './redis.ts'

type Callback = (error: Error | null, result?: { current: number, ttl: number }) => void

const SCRIPT = `
local current = redis.call('INCRBY', KEYS[1], ARGV[2])
if current == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { current, ttl }`

interface Windowed { current: number, resetAt: number }

/**
 * Fixed-window counters shared by every instance through Redis. When Redis fails, the same window is counted in
 * this process instead: limits stay enforced per instance (neither failing open nor locking everyone out) and
 * move back to Redis as soon as it answers again.
 */
export class FallbackCounter {
  readonly redis: RedisClient
  readonly local = new LruMap<Windowed>(50_000)
  fallbacks = 0

  constructor (redis: RedisClient) {
    this.redis = redis
    if (!('rateLimitIncr' in redis)) redis.defineCommand('rateLimitIncr', { numberOfKeys: 1, lua: SCRIPT })
  }

  async incr (key: string, windowMs: number, amount = 1): Promise<{ current: number, ttl: number }> {
    try {
      const client = this.redis as RedisClient & { rateLimitIncr: (key: string, windowMs: number, amount: number) => Promise<[number, number]> }
      const [current, ttl] = await client.rateLimitIncr(`rl:${key}`, windowMs, amount)
      return { current, ttl }
    } catch {
      this.fallbacks++
      return this.incrLocal(key, windowMs, amount)
    }
  }

  incrLocal (key: string, windowMs: number, amount: number): { current: number, ttl: number } {
    const now = Date.now()
    let entry = this.local.get(key)
    if (entry === undefined || entry.resetAt <= now) entry = { current: 0, resetAt: now + windowMs }
    entry.current += amount
    this.local.set(key, entry)
    return { current: entry.current, ttl: entry.resetAt - now }
  }
}

/** Adapter giving @fastify/rate-limit the store interface it expects, backed by a FallbackCounter. */
export function storeFor (counter: FallbackCounter, prefix: string, windowMs: number) {
  return class FallbackStore {
    incr (key: string, callback: Callback, timeWindow: number = windowMs): void {
      counter.incr(`${prefix}:${key}`, timeWindow).then(result => callback(null, result), callback)
    }

    child (): FallbackStore {
      return new FallbackStore()
    }
  }
}
