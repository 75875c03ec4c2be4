import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'tap'
import { Client } from '@elastic/elasticsearch'
import { bearer, build, ES_URL } from '../../helpers/build.ts'
import { freePort } from '../../helpers/free-port.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { TcpProxy } from '../../helpers/tcp-proxy.ts'
import { esId } from '../../../src/search/analyses/ids.ts'

// A write whose answer never comes back, staged for real: a TCP proxy between the service and the real
// Elasticsearch that drops the requests (a partition) or only the answers (the write is applied, its answer lost).
test('lost answers: 503 WRITE_OUTCOME_UNKNOWN; the retry with the same key settles it without a second write or a 412', async t => {
  const proxy = await TcpProxy.start(ES_URL)
  const direct = new Client({ node: ES_URL })
  t.teardown(async () => { await direct.close() })
  const app = await build(t, { ES_URL: proxy.url, ES_REQUEST_TIMEOUT_MS: '2000' })
  // Runs before build's teardown (tap runs teardowns last-registered first): the proxy lets the clean-up through.
  t.teardown(async () => { proxy.mode = 'pass' })
  t.teardown(async () => { await proxy.close() })
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const stored = async (id: string) => await direct.get({ index: app.indices.read, id: esId('acme', id), routing: 'acme' }, { ignore: [404] })
  /** The stored document once `holds` (bounded: a loaded machine may apply a write late), else as it last was. */
  const storedOnce = async (id: string, holds: (doc: Awaited<ReturnType<typeof stored>>) => boolean) => {
    const deadline = Date.now() + 10_000
    for (;;) {
      const doc = await stored(id)
      if (holds(doc) || Date.now() > deadline) return doc
      await sleep(50)
    }
  }
  const seed = seedAnalysis()

  await t.test('the request never reached Elasticsearch: unknown to the service, not stored; the retry creates it (201)', async t => {
    proxy.mode = 'drop-writes'
    const write = { method: 'POST' as const, url: '/v1/analyses', headers: { ...ingester, 'idempotency-key': '"lost-1"' }, payload: { id: 'p1', ...seed } }
    const lost = await app.inject(write)
    t.equal(lost.statusCode, 503)
    t.match(lost.json(), { code: 'WRITE_OUTCOME_UNKNOWN', detail: /may or may not have been stored/ })
    t.equal(lost.headers['retry-after'], '5')
    t.equal((await stored('p1')).found, false)
    proxy.mode = 'pass'
    const retry = await app.inject(write)
    t.equal(retry.statusCode, 201, 'created by the retry, and said so')
    t.equal(retry.headers['idempotent-replayed'], undefined, 'run, not replayed')
    t.equal((await stored('p1'))._version, 1)
  })

  await t.test('an If-Match write applied, its answer lost: the retry answers the success it meant, written once', async t => {
    const first = await app.inject({ method: 'PUT', url: '/v1/analyses/p2', headers: ingester, payload: seed })
    t.equal(first.statusCode, 201)
    proxy.mode = 'swallow'
    const write = { method: 'PUT' as const, url: '/v1/analyses/p2', headers: { ...ingester, 'if-match': first.headers.etag as string, 'idempotency-key': 'cas-1' }, payload: { ...seed, caption: 'changed' } }
    const lost = await app.inject(write)
    t.match(lost.json(), { status: 503, code: 'WRITE_OUTCOME_UNKNOWN' })
    t.equal((await storedOnce('p2', doc => doc._version === 2))._version, 2, 'Elasticsearch applied it: a 503 does not mean not stored')
    proxy.mode = 'pass'
    const retry = await app.inject(write)
    t.equal(retry.statusCode, 200, 'not a 412 for the client\'s own write')
    const now = await stored('p2')
    t.equal(now._version, 2, 'not written a second time')
    t.equal((now._source as { caption: string }).caption, 'changed')
    const read = await app.inject({ method: 'GET', url: '/v1/analyses/p2', headers: ingester })
    t.equal(retry.headers.etag, read.headers.etag, 'the ETag of the stored version')
    const again = await app.inject(write)
    t.equal(again.headers['idempotent-replayed'], 'true', 'from then on, a replay')
    t.equal(again.statusCode, 200)
  })

  await t.test('a bulk applied, its answer lost: the retry reports first-time items 201 and writes nothing again', async t => {
    proxy.mode = 'swallow'
    const body = [{ id: 'b1', ...seed }, { id: 'b2', ...seed, caption: 'two' }].map(d => JSON.stringify(d)).join('\n')
    const write = { method: 'POST' as const, url: '/v1/analyses/_bulk', headers: { ...ingester, 'content-type': 'application/x-ndjson', 'idempotency-key': 'bulk-1' }, payload: body }
    const lost = await app.inject(write)
    t.match(lost.json(), { status: 503, code: 'WRITE_OUTCOME_UNKNOWN' })
    t.equal((await storedOnce('b2', doc => doc.found))._version, 1, 'applied by Elasticsearch')
    proxy.mode = 'pass'
    const retry = await app.inject(write)
    t.equal(retry.statusCode, 200)
    t.match(retry.json().items, [{ id: 'b1', status: 201 }, { id: 'b2', status: 201 }], 'created by the first attempt: 201, not 200')
    t.equal((await stored('b1'))._version, 1, 'not written again')
  })

  await t.test('a delete applied, its answer lost: the retry answers 204, not 404', async t => {
    await app.inject({ method: 'PUT', url: '/v1/analyses/p3', headers: ingester, payload: seed })
    proxy.mode = 'swallow'
    const write = { method: 'DELETE' as const, url: '/v1/analyses/p3', headers: { ...ingester, 'idempotency-key': 'del-1' } }
    t.match((await app.inject(write)).json(), { code: 'WRITE_OUTCOME_UNKNOWN' })
    proxy.mode = 'pass'
    t.equal((await storedOnce('p3', doc => !doc.found)).found, false, 'applied by Elasticsearch')
    t.equal((await app.inject(write)).statusCode, 204)
  })
})

test('a write refused before it left (nothing listens): 503 SEARCH_UNAVAILABLE, said not stored', async t => {
  const app = await build(t, { ES_URL: `http://127.0.0.1:${await freePort()}`, ES_REQUEST_TIMEOUT_MS: '1000' })
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const refused = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { id: 'r1', ...seedAnalysis() } })
  t.equal(refused.statusCode, 503)
  t.match(refused.json(), { code: 'SEARCH_UNAVAILABLE', detail: /not stored/ })
  t.equal(refused.headers['retry-after'], '5')
})
