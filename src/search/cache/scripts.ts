import type { RedisClient } from '../../clients/redis.ts'

/**
 * Lua scripts, run with EVALSHA through ioredis' defineCommand (it falls back to EVAL after a Redis restart).
 * KEYS are prefixed by the client. A cache hit runs none: it is a plain MGET of the generation and the entry
 * (a script costs Redis some 20 times the CPU of an MGET, and hits are most of the traffic).
 *
 * A generation or epoch that is missing (never set, expired, or evicted under volatile-lru) restarts from the
 * server's clock in microseconds, not from 0: a new lineage never meets a value of an old one, so an entry
 * stored under an old generation can never become reachable again.
 */
const CURRENT = `
-- A TTL is refreshed only once less than half of it is left: PEXPIRE counts as a write of the key, and every
-- write of a generation or the epoch sends an invalidation to every instance's in-process tier (client-side
-- caching). Half the TTL is still longer than any entry's (the TTL is at least twice the longest).
local function refresh (key, ttl)
  if redis.call('PTTL', key) < tonumber(ttl) / 2 then redis.call('PEXPIRE', key, ttl) end
end
local function current (key, ttl)
  local v = redis.call('GET', key)
  if v then return v end
  local t = redis.call('TIME')
  v = t[1] .. string.format('%06d', tonumber(t[2]))
  redis.call('SET', key, v, 'PX', ttl)
  return v
end`

// KEYS: generation, entry. ARGV: the generation the reader read, the entry (headed by that generation), its TTL,
// the generation's TTL. Stores only if no write advanced the generation since the reader read it; refreshes the
// generation's TTL (when half of it is gone) so that it outlives every entry built from it.
const STORE = `${CURRENT}
local g = redis.call('GET', KEYS[1])
if g ~= ARGV[1] then return 0 end
refresh(KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1`

const BUMP = `${CURRENT}
current(KEYS[1], ARGV[1])
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return redis.call('GET', KEYS[1])`

const PEEK = `${CURRENT}
local v = current(KEYS[1], ARGV[1])
refresh(KEYS[1], ARGV[1])
return v`

const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** The client with the cache's commands; generations and epochs travel as strings (they exceed 2^32). */
export type CacheRedis = RedisClient & {
  cacheStore: (genKey: string, entryKey: string, generation: string, value: string, ttlMs: number, genTtlMs: number) => Promise<number>
  cacheBump: (key: string, ttlMs: number) => Promise<string>
  cachePeek: (key: string, ttlMs: number) => Promise<string>
  cacheUnlock: (key: string, token: string) => Promise<number>
}

export function withCacheCommands (redis: RedisClient): CacheRedis {
  if (!('cacheStore' in redis)) {
    redis.defineCommand('cacheStore', { numberOfKeys: 2, lua: STORE })
    redis.defineCommand('cacheBump', { numberOfKeys: 1, lua: BUMP })
    redis.defineCommand('cachePeek', { numberOfKeys: 1, lua: PEEK })
    redis.defineCommand('cacheUnlock', { numberOfKeys: 1, lua: UNLOCK })
  }
  return redis as CacheRedis
}
