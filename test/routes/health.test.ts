import { test } from 'tap'
import { ERRORS, problemTypeUri } from '../../src/http/errors.ts'
import { build } from '../helpers/build.ts'

test('liveness needs nothing, readiness needs Elasticsearch and the index', async t => {
  const app = await build(t)
  const live = await app.inject({ method: 'GET', url: '/healthz' })
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'ok' })

  const ready = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { state: 'ready', elasticsearch: { status: 'up', index: `${app.indices.read}-v1` }, redis: { status: 'up' } })
})

test('readiness is 503 while Elasticsearch is unreachable', async t => {
  const app = await build(t, { ES_URL: 'http://127.0.0.1:1', ES_REQUEST_TIMEOUT_MS: '500' })
  t.equal(app.searchIndex(), null)
  const res = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(res.headers['retry-after'], '5')
  t.match(res.json(), { status: 503, state: 'not_ready', code: 'SEARCH_UNAVAILABLE', elasticsearch: { status: 'down' }, redis: { status: 'up' } })
  // The same problem document as every other error answer, extended with the checks.
  t.match(res.json(), { type: problemTypeUri('SEARCH_UNAVAILABLE'), title: ERRORS.SEARCH_UNAVAILABLE.title, detail: 'Elasticsearch does not answer', instance: res.headers['x-request-id'] })
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'still alive')
})

test('Redis down is degraded, still ready', async t => {
  const app = await build(t, { REDIS_URL: 'redis://127.0.0.1:1' })
  const res = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { state: 'degraded', redis: { status: 'down' }, elasticsearch: { status: 'up' } })
})
