import { EPOCH_KEY } from './keys.ts'
import type { RedisClient } from '../../clients/redis.ts'
import { withCacheCommands } from './scripts.ts'

/** Longer than the generation TTL any instance can use (twice the longest entry TTL, itself at most a day). */
const EPOCH_TTL_MS = 2 * 86_400_000

/**
 * Makes every cached answer of every tenant unreachable by advancing the global epoch (instances re-read it every
 * second). Used after a migration, which may change every document's facets.
 */
export async function invalidateAll (redis: RedisClient): Promise<string> {
  return await withCacheCommands(redis).cacheBump(EPOCH_KEY, EPOCH_TTL_MS)
}
