/**
 * The HTTP side of caching: Cache-Status written, If-None-Match and Cache-Control read. The cache itself
 * (src/search/cache/) knows nothing of headers.
 */
import type { CacheOutcome } from '../search/cache/cache-types.ts'

/** The cache's name in Cache-Status (RFC 9211); other caches on the path add their own entries. */
const CACHE_NAME = 'image-analyses'

/**
 * RFC 9211 Cache-Status: `hit` with the remaining freshness in `ttl` (negative: served stale while revalidating),
 * `detail=local` when the in-process tier served it without reading Redis;
 * `fwd=miss` with `stored` when the answer was cached, `collapsed` when another computation's answer was reused,
 * `detail=redis-unavailable` when Redis could not be used; `fwd=request` when the client asked for a fresh answer.
 */
export function cacheStatus (outcome: CacheOutcome): string {
  if (outcome.type === 'hit') return `${CACHE_NAME}; hit; ttl=${outcome.ttlS}${outcome.local === true ? '; detail=local' : ''}`
  if (outcome.type === 'forward') return `${CACHE_NAME}; fwd=request`
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

/**
 * A request `Cache-Control: no-cache` (RFC 9111 §5.2.1.4): a stored answer must not be used without revalidation,
 * so the answer is computed afresh. Directive names are case-insensitive.
 */
export function requestsFresh (header: string | string[] | undefined): boolean {
  if (header === undefined) return false
  const value = Array.isArray(header) ? header.join(',') : header
  return value.split(',').some(directive => directive.trim().toLowerCase() === 'no-cache')
}
