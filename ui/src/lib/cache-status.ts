/**
 * The service's Cache-Status (RFC 9211, docs/cache.md) in words: `image-analyses; hit; ttl=12` → "from the
 * cache, fresh for 12 s more". Pure: no DOM.
 */
export function describeCacheStatus (header: string | null): string {
  if (header === null || header.trim() === '') return 'not reported'
  const [, ...parts] = header.split(';').map(part => part.trim())
  const params = new Map(parts.map(part => {
    const [key = '', value = ''] = part.split('=')
    return [key, value]
  }))
  if (params.has('hit')) {
    const ttl = Number(params.get('ttl'))
    const where = params.get('detail') === 'local' ? 'from the cache in memory' : 'from the cache'
    if (!Number.isFinite(ttl)) return where
    return ttl >= 0 ? `${where}, fresh for ${ttl} s more` : `from the cache, stale by ${-ttl} s while it is recomputed`
  }
  const fwd = params.get('fwd')
  if (fwd === 'request') return 'computed afresh, as asked'
  if (fwd === 'miss') {
    if (params.get('detail') === 'redis-unavailable') return 'computed by Elasticsearch (the cache is unavailable)'
    if (params.has('collapsed')) return 'computed once for several requests'
    return params.has('stored') ? 'computed by Elasticsearch, now cached' : 'computed by Elasticsearch'
  }
  return header
}
