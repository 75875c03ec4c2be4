import { test } from 'tap'
import { esId } from '../../../src/search/analyses/ids.ts'
import { prepareAnalysis } from '../../../src/search/analyses/stored-analysis.ts'
import { bearer, build } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { countRoute } from './count-route.ts'

test('Cache-Control: no-cache computes afresh, neither reading nor storing the cache', async t => {
  const computed = { runs: 0 }
  const app = await build(t, {}, app => { countRoute(app, computed) })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const read = async (headers: Record<string, string> = {}) => await app.inject({ method: 'GET', url: '/__test/count', headers: { ...reader, ...headers } })

  const miss = await read()
  t.equal(miss.headers['cache-status'], 'image-analyses; fwd=miss; stored')
  t.equal(computed.runs, 1)

  const forwarded = await read({ 'cache-control': 'no-cache' })
  t.equal(forwarded.statusCode, 200)
  t.equal(forwarded.headers['cache-status'], 'image-analyses; fwd=request')
  t.equal(computed.runs, 2, 'computed although a fresh entry exists')
  t.equal(forwarded.body, miss.body)
  t.equal(forwarded.headers.etag, miss.headers.etag, 'the same bytes give the same ETag')
  t.equal(forwarded.headers['cache-control'], 'private, no-cache')
  t.match(forwarded.headers['content-type'], /^application\/json/)

  const validated = await read({ 'cache-control': 'max-age=0, No-Cache', 'if-none-match': String(miss.headers.etag) })
  t.equal(validated.statusCode, 304, 'revalidation still answers 304 when nothing changed')
  t.equal(computed.runs, 3)

  t.match((await read({ 'cache-control': 'no-store' })).headers['cache-status'], /; hit; /, 'other directives read the cache')
  t.match((await read()).headers['cache-status'], /; hit; /)
  t.equal(computed.runs, 3)
  t.match(app.cacheStats(), { hits: 2, misses: 3, bypassed: 2, fills: 1 })
})

test('a forwarded read sees a write the cache has not been told about yet', async t => {
  const app = await build(t, {}, app => { countRoute(app) })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  await app.inject({ method: 'GET', url: '/__test/count', headers: reader })
  // Written behind the service's back (no generation bump), so only a fresh computation can see it.
  const { document } = prepareAnalysis('acme', 'x', seedAnalysis(), new Date())
  await app.es.index({ index: app.indices.write, id: esId('acme', 'x'), routing: 'acme', refresh: 'wait_for', document })
  t.same((await app.inject({ method: 'GET', url: '/__test/count', headers: reader })).json(), { count: 0, pad: '' })
  t.same((await app.inject({ method: 'GET', url: '/__test/count', headers: { ...reader, 'cache-control': 'no-cache' } })).json(), { count: 1, pad: '' })
})

test('GET /v1/search honours no-cache', async t => {
  const app = await build(t)
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const url = '/v1/search?q=quiet'
  t.match((await app.inject({ method: 'GET', url, headers: reader })).headers['cache-status'], /fwd=miss; stored/)
  t.match((await app.inject({ method: 'GET', url, headers: reader })).headers['cache-status'], /; hit; /)
  const fresh = await app.inject({ method: 'GET', url, headers: { ...reader, 'cache-control': 'no-cache' } })
  t.equal(fresh.statusCode, 200)
  t.equal(fresh.headers['cache-status'], 'image-analyses; fwd=request')
})
