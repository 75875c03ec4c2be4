import type { CacheOutcome } from './cache-types.ts'

/** The cache's name in Cache-Status (RFC 9211); other caches on the path add their own entries. */
export const CACHE_NAME = 'image-analyses'

/**
 * RFC 9211 Cache-Status: `hit` with the remaining freshness in `ttl` (negative: served stale while revalidating);
 * `fwd=miss` with `stored` when the answer was cached, `collapsed` when another computation's answer was reused,
 * `detail=redis-unavailable` when Redis could not be used.
 */
export function cacheStatus (outcome: CacheOutcome): string {
  if (outcome.type === 'hit') return `${CACHE_NAME}; hit; ttl=${outcome.ttlS}`
  let value = `${CACHE_NAME}; fwd=miss`
  if (outcome.stored) value += '; stored'
  if (outcome.collapsed) value += '; collapsed'
  if (outcome.detail !== undefined) value += `; detail=${outcome.detail}`
  return value
}

/** If-None-Match with RFC 9110's weak comparison: `*`, or any listed tag equal once `W/` is set aside. */
export function ifNoneMatch (header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  if (header.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some(tag => tag.trim().replace(/^W\//, '') === opaque)
}
