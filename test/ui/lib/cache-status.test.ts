import { test } from 'tap'
import { describeCacheStatus } from '../../../ui/src/lib/cache-status.ts'
import { cacheStatus } from '../../../src/http/cache-headers.ts'

test('Cache-Status in words, for every value the service sends', async t => {
  t.equal(describeCacheStatus(cacheStatus({ type: 'hit', ttlS: 12 })), 'from the cache, fresh for 12 s more')
  t.equal(describeCacheStatus(cacheStatus({ type: 'hit', ttlS: 12, local: true })), 'from the cache in memory, fresh for 12 s more')
  t.equal(describeCacheStatus(cacheStatus({ type: 'hit', ttlS: -3 })), 'from the cache, stale by 3 s while it is recomputed')
  t.equal(describeCacheStatus(cacheStatus({ type: 'forward' })), 'computed afresh, as asked')
  t.equal(describeCacheStatus(cacheStatus({ type: 'miss', stored: true, collapsed: false })), 'computed by Elasticsearch, now cached')
  t.equal(describeCacheStatus(cacheStatus({ type: 'miss', stored: false, collapsed: false })), 'computed by Elasticsearch')
  t.equal(describeCacheStatus(cacheStatus({ type: 'miss', stored: false, collapsed: true })), 'computed once for several requests')
  t.equal(describeCacheStatus(cacheStatus({ type: 'miss', stored: false, collapsed: false, detail: 'redis-unavailable' })), 'computed by Elasticsearch (the cache is unavailable)')
})

test('an absent or foreign Cache-Status', async t => {
  t.equal(describeCacheStatus(null), 'not reported')
  t.equal(describeCacheStatus(' '), 'not reported')
  t.equal(describeCacheStatus('image-analyses; hit'), 'from the cache')
  t.equal(describeCacheStatus('other-cache; stale'), 'other-cache; stale')
})
