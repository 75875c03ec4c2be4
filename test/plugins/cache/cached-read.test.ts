import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { countRoute } from './count-route.ts'
import { until } from '../../helpers/until.ts'

test('a generic cached read: miss, hit, write, miss with the new count, hit', async t => {
  const computed = { runs: 0 }
  const app = await build(t, {}, app => { countRoute(app, computed) })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const read = async (headers: Record<string, string> = {}) => await app.inject({ method: 'GET', url: '/__test/count', headers: { ...reader, ...headers } })

  const miss = await read()
  t.equal(miss.statusCode, 200)
  t.same(miss.json(), { count: 0, pad: '' })
  t.equal(miss.headers['cache-status'], 'image-analyses; fwd=miss; stored')
  const hit = await read()
  t.match(hit.headers['cache-status'], /^image-analyses; hit; ttl=\d+(; detail=local)?$/)
  t.match(hit.headers['content-type'], /^application\/json/)
  t.equal(hit.body, miss.body)
  t.equal(hit.headers.etag, miss.headers.etag)
  t.equal((await read({ 'if-none-match': `W/${miss.headers.etag as string}` })).statusCode, 304, 'weak comparison')
  t.equal(computed.runs, 1)

  await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: ingester, payload: { id: 'a', ...seedAnalysis() } })
  const after = await read({ 'if-none-match': miss.headers.etag as string })
  t.equal(after.statusCode, 200)
  t.same(after.json(), { count: 1, pad: '' })
  t.equal(after.headers['cache-status'], 'image-analyses; fwd=miss; stored')
  t.match((await read()).headers['cache-status'], /hit/)

  await app.inject({ method: 'DELETE', url: '/v1/analyses/a?refresh=wait_for', headers: ingester })
  t.same((await read()).json(), { count: 0, pad: '' }, 'deletes advance the generation too')
  await app.inject({ method: 'POST', url: '/v1/analyses/_bulk?refresh=wait_for', headers: ingester, payload: [{ id: 'b', ...seedAnalysis() }, { id: 'c', ...seedAnalysis() }] })
  t.same((await read()).json(), { count: 2, pad: '' }, 'and bulk imports')
  t.equal(computed.runs, 4)
})

test('answers over CACHE_MAX_ENTRY_BYTES are served but not stored', async t => {
  const app = await build(t, { CACHE_MAX_ENTRY_BYTES: '1024' }, app => { countRoute(app) })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  for (let i = 0; i < 2; i++) {
    const big = await app.inject({ method: 'GET', url: '/__test/count?pad=2000', headers: reader })
    t.equal(big.statusCode, 200)
    t.equal(big.headers['cache-status'], 'image-analyses; fwd=miss')
    t.match(big.headers.etag, /^"/)
  }
  t.match(app.cacheStats(), { oversized: 2, fills: 0, misses: 2 })
})

test('admin: counters and flush, for admins only', async t => {
  const app = await build(t, {}, app => { countRoute(app) })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const admin = bearer(app, { tenant: 'acme', roles: ['admin'] })
  const otherAdmin = bearer(app, { tenant: 'other', roles: ['admin'] })
  t.equal((await app.inject({ method: 'GET', url: '/v1/admin/cache/stats', headers: reader })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/cache/flush', headers: reader })).statusCode, 403)

  // The first read starts the tenant's generation: a write of the key, whose invalidation voids that read's claim
  // on the tier (local_invalidations 1), so the second read is a Redis hit.
  t.ok(await until(() => app.cacheStats().local_tier === 'on'), 'client-side caching set up')
  await app.inject({ method: 'GET', url: '/__test/count', headers: reader })
  await app.inject({ method: 'GET', url: '/__test/count', headers: reader })
  const stats = await app.inject({ method: 'GET', url: '/v1/admin/cache/stats', headers: admin })
  t.equal(stats.statusCode, 200)
  const counters = { hits: 1, misses: 1, fills: 1, errors: 0, coalesced: 0, stale: 0, revalidations: 0, oversized: 0, bypassed: 0, wait_timeouts: 0, local_hits: 0, local_bypassed: 0, local_evictions: 0, local_invalidations: 1 }
  t.same(stats.json(), { ...counters, pending_invalidations: 0, epoch: app.cacheStats().epoch, redis: 'ready', local_tier: 'on' })
  t.match(stats.json().epoch, /^\d{16}$/)
  t.same(stats.json(), app.cacheStats())

  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/cache/flush', headers: otherAdmin })).statusCode, 204)
  t.match((await app.inject({ method: 'GET', url: '/__test/count', headers: reader })).headers['cache-status'], /hit/, 'another tenant\'s flush leaves acme alone')
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/cache/flush', headers: admin })).statusCode, 204)
  t.match((await app.inject({ method: 'GET', url: '/__test/count', headers: reader })).headers['cache-status'], /fwd=miss/, 'flushed')
  t.match(app.cacheStats(), { hits: 2, misses: 2, fills: 2 })
})
