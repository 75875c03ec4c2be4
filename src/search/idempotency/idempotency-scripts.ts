import type { RedisClient } from '../../clients/redis.ts'

// KEYS: the record. ARGV: a new record, its TTL. Claims the key when no record exists; else answers the record as it
// is (nil: claimed). One round trip, atomic, on any Redis version a cluster or sentinel may run.
const BEGIN = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`

// KEYS: the record. ARGV: the record as the caller last saw it, the new one, its TTL. Every change of state is a
// compare-and-set on the whole record, so an attempt that lost its claim (lease over, taken over) changes nothing.
const SWAP = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`

export type IdempotencyRedis = RedisClient & {
  idempotencyBegin: (key: string, record: string, ttlMs: number) => Promise<string | null>
  idempotencySwap: (key: string, expected: string, record: string, ttlMs: number) => Promise<number>
}

export function withIdempotencyCommands (redis: RedisClient): IdempotencyRedis {
  if (!('idempotencyBegin' in redis)) {
    redis.defineCommand('idempotencyBegin', { numberOfKeys: 1, lua: BEGIN })
    redis.defineCommand('idempotencySwap', { numberOfKeys: 1, lua: SWAP })
  }
  return redis as IdempotencyRedis
}
