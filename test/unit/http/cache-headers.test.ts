import { test } from 'tap'
import { cacheStatus, ifNoneMatch, requestsFresh } from '../../../src/http/cache-headers.ts'

test('Cache-Status follows RFC 9211', async t => {
  t.equal(cacheStatus({ type: 'hit', ttlS: 12 }), 'image-analyses; hit; ttl=12')
  t.equal(cacheStatus({ type: 'hit', ttlS: 12, local: true }), 'image-analyses; hit; ttl=12; detail=local', 'the in-process tier')
  t.equal(cacheStatus({ type: 'hit', ttlS: -3 }), 'image-analyses; hit; ttl=-3', 'stale: negative ttl')
  t.equal(cacheStatus({ type: 'miss', stored: true, collapsed: false }), 'image-analyses; fwd=miss; stored')
  t.equal(cacheStatus({ type: 'miss', stored: false, collapsed: true }), 'image-analyses; fwd=miss; collapsed')
  t.equal(cacheStatus({ type: 'miss', stored: false, collapsed: false, detail: 'redis-unavailable' }), 'image-analyses; fwd=miss; detail=redis-unavailable')
})

test('If-None-Match uses the weak comparison', async t => {
  t.ok(ifNoneMatch('"a"', '"a"'))
  t.ok(ifNoneMatch('W/"a"', '"a"'))
  t.ok(ifNoneMatch('"x", W/"a"', '"a"'))
  t.ok(ifNoneMatch('*', '"a"'))
  t.notOk(ifNoneMatch('"b"', '"a"'))
  t.notOk(ifNoneMatch(undefined, '"a"'))
})

test('requestsFresh reads the no-cache directive only', async t => {
  t.equal(requestsFresh(undefined), false)
  t.equal(requestsFresh('no-cache'), true)
  t.equal(requestsFresh(' NO-CACHE '), true)
  t.equal(requestsFresh('max-stale=10, no-cache'), true)
  t.equal(requestsFresh(['max-age=0', 'no-cache']), true)
  t.equal(requestsFresh('no-store'), false)
  t.equal(requestsFresh('no-cache-please'), false)
  t.equal(requestsFresh(''), false)
})
