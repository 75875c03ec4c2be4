import { test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
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

test('readiness is 503 not_ready while the primary shards behind the aliases are not active (index red)', async t => {
  const app = await build(t)
  const { read, write } = app.indices
  const healthy = app.searchIndex()!.index
  t.equal((await app.inject({ url: '/readyz' })).statusCode, 200)

  // An index whose only shard can never be allocated (no node is named `nope`), put behind both aliases: what the
  // service sees after a restart of the cluster before its shards recover. Short-lived: the shared cluster is red meanwhile.
  const red = app.indices.version(99)
  t.teardown(async () => { await app.es.indices.delete({ index: red }, { ignore: [404] }) })
  await app.es.indices.create({ index: red, wait_for_active_shards: 0, settings: { number_of_shards: 1, number_of_replicas: 0, 'index.routing.allocation.require._name': 'nope' } })
  await app.es.indices.updateAliases({
    actions: [
      { remove: { index: healthy, alias: read } }, { remove: { index: healthy, alias: write } },
      { add: { index: red, alias: read } }, { add: { index: red, alias: write, is_write_index: true } }
    ]
  })
  const readiness = async () => await app.inject({ url: '/readyz' })
  // Probes are shared for a second: the answer changes within that.
  let res = await readiness()
  for (let i = 0; i < 40 && res.statusCode === 200; i++) { await sleep(50); res = await readiness() }
  t.equal(res.statusCode, 503)
  t.match(res.json(), { code: 'SEARCH_UNAVAILABLE', state: 'not_ready', elasticsearch: { status: 'down', detail: new RegExp(`primary shards that are not active \\(health red: ${red}; 1 unassigned`) } })
  t.equal(res.headers['retry-after'], '5')

  await app.es.indices.updateAliases({
    actions: [
      { remove: { index: red, alias: read } }, { remove: { index: red, alias: write } },
      { add: { index: healthy, alias: read } }, { add: { index: healthy, alias: write, is_write_index: true } }
    ]
  })
  await app.es.indices.delete({ index: red })
  res = await readiness()
  for (let i = 0; i < 40 && res.statusCode !== 200; i++) { await sleep(50); res = await readiness() }
  t.equal(res.statusCode, 200, 'ready again once the shards behind the aliases are active')
})
