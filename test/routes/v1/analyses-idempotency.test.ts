import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { RedisServer } from '../../helpers/redis-server.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { esId } from '../../../src/search/analyses/ids.ts'
import { recordKey } from '../../../src/search/idempotency/idempotency-store.ts'

type App = Awaited<ReturnType<typeof build>>

/** Elasticsearch's own count of writes of one document (1: written once). */
async function versionOf (app: App, tenant: string, id: string): Promise<number | undefined> {
  const answer = await app.es.get({ index: app.indices.read, id: esId(tenant, id), routing: tenant }, { ignore: [404] })
  return answer.found ? answer._version : undefined
}

test('a retry with the same key and request gets the first outcome again, and nothing is written twice', async t => {
  const app = await build(t)
  const acme = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const seed = seedAnalysis()
  const create = { method: 'POST' as const, url: '/v1/analyses', headers: { ...acme, 'idempotency-key': '"8e03978e-40d5-43e8-bc93-6894a57f9324"' }, payload: { id: 'i1', ...seed } }

  const first = await app.inject(create)
  t.equal(first.statusCode, 201)
  t.equal(first.headers['idempotent-replayed'], undefined)
  const again = await app.inject(create)
  t.equal(again.statusCode, 201, 'the first status, though the document exists now')
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.body, first.body, 'the same body')
  t.equal(again.headers.etag, first.headers.etag)
  t.equal(again.headers.location, first.headers.location)
  t.match(again.headers['content-type'], /^application\/json/)
  t.equal(await versionOf(app, 'acme', 'i1'), 1, 'written once')

  const reordered = await app.inject({ ...create, payload: { caption: seed.caption, image_analysis: seed.image_analysis, id: 'i1' } })
  t.equal(reordered.headers['idempotent-replayed'], 'true', 'the same JSON in another key order is the same request')
  const bare = await app.inject({ ...create, headers: { ...acme, 'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324' } })
  t.equal(bare.headers['idempotent-replayed'], 'true', 'the key quoted (sf-string) or bare is the same key')

  const changed = await app.inject({ ...create, payload: { id: 'i1', ...seed, caption: 'another caption' } })
  t.equal(changed.statusCode, 422)
  t.match(changed.json(), { code: 'IDEMPOTENCY_KEY_REUSED' })
  t.match(changed.headers['content-type'], /^application\/problem\+json/)
  const elsewhere = await app.inject({ ...create, method: 'PUT', url: '/v1/analyses/i1' })
  t.equal(elsewhere.statusCode, 422, 'another method and path with the key: another request')
  t.equal(await versionOf(app, 'acme', 'i1'), 1, 'refusals write nothing')

  // Outcomes other than success are replayed too: a precondition that failed, a delete.
  const put = { method: 'PUT' as const, url: '/v1/analyses/i1', headers: { ...acme, 'if-match': '"AAAAAAAAAAAAAAAAAAAAAA"', 'idempotency-key': 'put-stale' }, payload: seed }
  t.equal((await app.inject(put)).statusCode, 412)
  const stale = await app.inject(put)
  t.equal(stale.statusCode, 412)
  t.equal(stale.headers['idempotent-replayed'], 'true')
  t.equal((await app.inject({ ...put, headers: { ...put.headers, 'if-match': first.headers.etag as string } })).statusCode, 422, 'another If-Match is another request')

  const del = { method: 'DELETE' as const, url: '/v1/analyses/i1', headers: { ...acme, 'idempotency-key': 'del-i1' } }
  t.equal((await app.inject(del)).statusCode, 204)
  const delAgain = await app.inject(del)
  t.equal(delAgain.statusCode, 204, 'the delete\'s own outcome, not the 404 a second delete would get')
  t.equal(delAgain.headers['idempotent-replayed'], 'true')
})

test('keys are checked, and belong to one tenant', async t => {
  const app = await build(t)
  const acme = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const rival = bearer(app, { tenant: 'rival', roles: ['ingester'] })
  const seed = seedAnalysis()
  for (const key of ['', 'has space', 'x'.repeat(256), 'ünïcode', 'a,b']) {
    const bad = await app.inject({ method: 'POST', url: '/v1/analyses', headers: { ...acme, 'idempotency-key': key }, payload: seed })
    t.equal(bad.statusCode, 400, JSON.stringify(key))
    t.match(bad.json(), { code: 'VALIDATION_FAILED', detail: /header 'idempotency-key'/ })
  }
  const write = (headers: Record<string, string>, caption: string) => app.inject({ method: 'PUT', url: '/v1/analyses/shared-id', headers: { ...headers, 'idempotency-key': 'same-key' }, payload: { ...seed, caption } })
  const mine = await write(acme, 'acme caption')
  const theirs = await write(rival, 'rival caption')
  t.equal(mine.statusCode, 201)
  t.equal(theirs.statusCode, 201, 'the same key in another tenant is another key: run, not a 422')
  t.equal(theirs.headers['idempotent-replayed'], undefined)
  const read = await app.inject({ method: 'GET', url: '/v1/analyses/shared-id', headers: rival })
  t.equal(read.json().caption, 'rival caption')
})

test('concurrent retries: one runs, the others wait their turn (409) or get its outcome', async t => {
  const app = await build(t)
  const acme = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const write = { method: 'PUT' as const, url: '/v1/analyses/race', headers: { ...acme, 'idempotency-key': 'race-1' }, payload: seedAnalysis() }
  const answers = await Promise.all(Array.from({ length: 6 }, async () => await app.inject(write)))
  const ran = answers.filter(a => a.statusCode === 201 && a.headers['idempotent-replayed'] === undefined)
  t.equal(ran.length, 1, 'exactly one ran')
  for (const answer of answers.filter(a => !ran.includes(a))) {
    if (answer.statusCode === 409) {
      t.match(answer.json(), { code: 'IDEMPOTENCY_IN_FLIGHT' })
      t.equal(answer.headers['retry-after'], '1')
    } else {
      t.equal(answer.headers['idempotent-replayed'], 'true', `${answer.statusCode}: a replay of the one that ran`)
    }
  }
  t.equal(await versionOf(app, 'acme', 'race'), 1, 'written once')
})

test('a bulk replay repeats every item\'s result and writes nothing again', async t => {
  const app = await build(t)
  const acme = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const seed = seedAnalysis()
  const body = [{ id: 'k1', ...seed }, { id: 'k2', ...seed, caption: 'two' }, { bad: true }].map(d => JSON.stringify(d)).join('\n')
  const bulk = { method: 'POST' as const, url: '/v1/analyses/_bulk', headers: { ...acme, 'content-type': 'application/x-ndjson', 'idempotency-key': 'bulk-7' }, payload: body }
  const first = await app.inject(bulk)
  t.match(first.json(), { errors: true, items: [{ status: 201 }, { status: 201 }, { status: 400 }] })
  const again = await app.inject(bulk)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.body, first.body)
  t.equal(await versionOf(app, 'acme', 'k1'), 1)
  t.equal(await versionOf(app, 'acme', 'k2'), 1)
  const asJson = await app.inject({ ...bulk, headers: { ...bulk.headers, 'content-type': 'application/json' }, payload: `[${body.split('\n').join(',')}]` })
  t.equal(asJson.statusCode, 422, 'another body (and media type) with the key')
})

test('keys expire after IDEMPOTENCY_TTL_S', async t => {
  const app = await build(t, { IDEMPOTENCY_TTL_S: '1' })
  const acme = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const seed = seedAnalysis()
  const write = (caption: string) => app.inject({ method: 'PUT', url: '/v1/analyses/e1', headers: { ...acme, 'idempotency-key': 'short-lived' }, payload: { ...seed, caption } })
  t.equal((await write('one')).statusCode, 201)
  t.equal((await write('two')).statusCode, 422, 'remembered while it lives')
  const deadline = Date.now() + 10_000
  while (await app.redis.exists(recordKey('acme', 'short-lived')) === 1 && Date.now() < deadline) await sleep(50)
  const later = await write('two')
  t.equal(later.statusCode, 200, 'expired: the key is free for a new request')
  t.equal(later.headers['idempotent-replayed'], undefined)
})

test('Redis away: a write with a key is refused (503, not run); without a key it goes through', async t => {
  const redis = await RedisServer.launch()
  t.teardown(async () => { await redis.stop() })
  const app = await build(t, { REDIS_URL: redis.url })
  const acme = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const seed = seedAnalysis()
  t.equal((await app.inject({ method: 'PUT', url: '/v1/analyses/r0', headers: { ...acme, 'idempotency-key': 'up' }, payload: seed })).statusCode, 201)
  await redis.stop()
  const refused = await app.inject({ method: 'PUT', url: '/v1/analyses/r1', headers: { ...acme, 'idempotency-key': 'down' }, payload: seed })
  t.equal(refused.statusCode, 503)
  t.match(refused.json(), { code: 'IDEMPOTENCY_UNAVAILABLE', detail: /not run/ })
  t.equal(refused.headers['retry-after'], '5')
  t.equal(await versionOf(app, 'acme', 'r1'), undefined, 'nothing was written')
  const plain = await app.inject({ method: 'PUT', url: '/v1/analyses/r1', headers: acme, payload: seed })
  t.equal(plain.statusCode, 201, 'writes without a key do not depend on Redis')
})
