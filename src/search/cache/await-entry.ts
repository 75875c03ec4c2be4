import type { CachedRead, QueryCacheOptions } from './cache-types.ts'
import { decodeEntry, type CacheEntry } from './entry.ts'
import type { CacheRedis } from './scripts.ts'
import type { Ticket } from './tracked-keys.ts'

/** One query of one tenant at one epoch and generation: where its entry and its lock live. */
export interface Slot {
  read: CachedRead
  genKey: string
  key: string
  lock: string
  epoch: string
  generation: string
  /** Taken before the generation was read: lets the in-process tier keep what this slot stores (null: no tier). */
  ticket: Ticket | null
}

/**
 * Polls (with a growing delay) for the entry that the holder of the slot's lock, another instance, is computing.
 * null when the wait ends without it, or as soon as a write advanced the generation (the holder's fill will not be
 * stored then): the caller computes itself.
 */
export async function awaitEntry (redis: CacheRedis, slot: Slot, options: Pick<QueryCacheOptions, 'lockWaitMs' | 'pollMs'>,
  onError: (error: unknown) => void): Promise<CacheEntry | null> {
  const deadline = performance.now() + options.lockWaitMs
  let delay = options.pollMs
  while (performance.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, 100)
    try {
      const [generation, raw] = await redis.mget(slot.genKey, slot.key)
      if (generation !== slot.generation) return null
      const entry = raw == null ? null : decodeEntry(raw, slot.generation)
      if (entry !== null) return entry
    } catch (error) {
      onError(error)
      return null
    }
  }
  return null
}
