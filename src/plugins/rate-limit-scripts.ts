import type { RedisClient } from '../clients/redis.ts'

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

/** The client with the rate limits' commands (KEYS are prefixed by the client, like every key). */
export type LimitRedis = RedisClient & {
  rateLimitIncr: (key: string, windowMs: number, amount: number, max: number, cap: number) => Promise<[number, number, number]>
  rateLimitTake: (key: string, windowMs: number, amount: number, max: number, cap: number) => Promise<[number, number, number, number]>
}

export function withLimitCommands (redis: RedisClient): LimitRedis {
  if (!('rateLimitIncr' in redis)) {
    redis.defineCommand('rateLimitIncr', { numberOfKeys: 1, lua: INCR })
    redis.defineCommand('rateLimitTake', { numberOfKeys: 1, lua: TAKE })
  }
  return redis as LimitRedis
}
