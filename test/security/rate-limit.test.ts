import { test, type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, build, uniquePrefix } from '../helpers/build.ts'
import { ipBucket } from '../../src/plugins/rate-limit.ts'

function routes (app: FastifyInstance): void {
  app.get('/__test/public', { config: { auth: 'public' } }, async () => ({ ok: true }))
  app.get('/__test/read', { config: { auth: 'reader' } }, async () => ({ ok: true }))
  app.post('/__test/write', { config: { auth: 'ingester' } }, async () => ({ ok: true }))
  app.post('/__test/query', { config: { auth: 'reader', rateBudget: 'read' } }, async () => ({ ok: true }))
  app.post<{ Body: { count: number } }>('/__test/bulk', { config: { auth: 'ingester', rateBudget: 'bulk' } }, async request => {
    await request.chargeDocuments(request.body.count)
    return { charged: request.body.count }
  })
}

const headersOf = (res: { headers: Record<string, unknown> }) =>
  [res.headers['ratelimit-limit'], res.headers['ratelimit-remaining'], res.headers['ratelimit-reset'] === undefined ? undefined : 'reset']

function assertLimited (t: Test, res: { statusCode: number, headers: Record<string, unknown>, json: () => unknown }, limit: number, what: string, remaining = 0): void {
  t.equal(res.statusCode, 429, what)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { status: 429, code: 'RATE_LIMITED' })
  t.match(res.headers['retry-after'], /^\d+$/)
  t.ok(Number(res.headers['retry-after']) >= 1 && Number(res.headers['retry-after']) <= 60, 'retry-after within the window')
  t.equal(res.headers['ratelimit-limit'], String(limit))
  t.equal(res.headers['ratelimit-remaining'], String(remaining))
  t.equal(res.headers['ratelimit-reset'], res.headers['retry-after'])
}

test('the IP limit runs before token verification: a flood of bad tokens is cut with 429', async t => {
  const app = await build(t, { RATE_LIMIT_IP_MAX: '5' }, routes)
  const statuses: number[] = []
  let last
  for (let i = 0; i < 12; i++) {
    last = await app.inject({ url: '/__test/read', headers: { authorization: `Bearer forged.${i}.token` } })
    statuses.push(last.statusCode)
  }
  t.same(statuses, [401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429], 'five verified and refused, then cut before verification')
  assertLimited(t, last!, 5, 'the cut')
  t.equal(last!.headers['x-content-type-options'], 'nosniff', 'helmet headers on the 429')
  const notFound = await app.inject({ url: '/nowhere' })
  t.equal(notFound.statusCode, 429, 'unknown routes count too')
  const health = await app.inject({ url: '/healthz' })
  t.equal(health.statusCode, 200, 'health probes are exempt')
})

test('every request spends the IP budget, 404s and the docs included; no route counts on its own', async t => {
  const app = await build(t, { RATE_LIMIT_IP_MAX: '2' }, routes)
  const from = (remoteAddress: string) => async (url: string) => (await app.inject({ url, remoteAddress })).statusCode
  const a = from('192.0.2.1')
  t.same([await a('/nowhere'), await a('/v1/nowhere'), await a('/__test/public')], [404, 404, 429], 'two 404s used up the budget')
  const b = from('192.0.2.2')
  t.same([await b('/openapi.json'), await b('/docs'), await b('/openapi.json')], [200, 200, 429], 'the docs, registered before the limit, count too')
  await t.rejects(build(t, {}, app => {
    app.get('/__test/own-limit', { config: { auth: 'public', rateLimit: { max: 1 } } }, async () => ({ ok: true }))
  }), /per-route rate limits .* not supported/, 'a per-route limit stops the start: routes spend config.rateBudget')
})

test('the IP limit headers on successful responses', async t => {
  const app = await build(t, { RATE_LIMIT_IP_MAX: '3' }, routes)
  const seen = []
  for (let i = 0; i < 3; i++) seen.push(headersOf(await app.inject({ url: '/__test/public' })))
  t.same(seen, [['3', '2', 'reset'], ['3', '1', 'reset'], ['3', '0', 'reset']])
  assertLimited(t, await app.inject({ url: '/__test/public' }), 3, 'fourth request')
})

test('X-Forwarded-For moves the IP bucket only when TRUST_PROXY says so', async t => {
  const spoof = async (app: FastifyInstance) => {
    const statuses = []
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
      statuses.push((await app.inject({ url: '/__test/public', headers: { 'x-forwarded-for': address } })).statusCode)
    }
    return statuses
  }
  const direct = await build(t, { RATE_LIMIT_IP_MAX: '2' }, routes)
  t.same(await spoof(direct), [200, 200, 429, 429], 'TRUST_PROXY unset: the socket address counts, the header is ignored')
  const proxied = await build(t, { RATE_LIMIT_IP_MAX: '2', TRUST_PROXY: 'true' }, routes)
  t.same(await spoof(proxied), [200, 200, 200, 200], 'TRUST_PROXY=true: each forwarded client has its own bucket')
})

test('IPv6 clients are counted per /64', async t => {
  t.equal(ipBucket('192.0.2.7'), '192.0.2.7')
  t.equal(ipBucket('::ffff:192.0.2.7'), '192.0.2.7')
  t.equal(ipBucket('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64')
  t.equal(ipBucket('2001:db8:1:2::1'), '2001:db8:1:2::/64')
  t.equal(ipBucket('2001:0DB8:0001:0002::ffff'), '2001:db8:1:2::/64')
  t.equal(ipBucket('fe80::1%eth0'), 'fe80:0:0:0::/64')
  t.equal(ipBucket('::1'), '0:0:0:0::/64')
  t.equal(ipBucket('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64')
  const app = await build(t, { RATE_LIMIT_IP_MAX: '2' }, routes)
  const from = async (remoteAddress: string) => (await app.inject({ url: '/__test/public', remoteAddress })).statusCode
  t.same([await from('2001:db8::1'), await from('2001:db8::2'), await from('2001:db8::3')], [200, 200, 429], 'one /64, one bucket')
  t.equal(await from('2001:db8:0:1::1'), 200, 'the next /64 has its own')
})

test('per-principal budgets: reads, writes and bulk documents, keyed by tenant and sub', async t => {
  const app = await build(t, { RATE_LIMIT_IP_MAX: '1000', RATE_LIMIT_READ_MAX: '3', RATE_LIMIT_WRITE_MAX: '2', RATE_LIMIT_BULK_DOCS_MAX: '10' }, routes)
  const reader = bearer(app, { tenant: 'acme', sub: 'ann', roles: ['ingester'] })
  const read = () => app.inject({ url: '/__test/read', headers: reader })

  await t.test('reads', async t => {
    const seen = []
    for (let i = 0; i < 3; i++) seen.push(headersOf(await read()))
    t.same(seen, [['3', '2', 'reset'], ['3', '1', 'reset'], ['3', '0', 'reset']], 'the principal budget is in the headers (closest to exhaustion)')
    const limited = await read()
    assertLimited(t, limited, 3, 'fourth read')
    t.match(limited.json(), { detail: 'Budget of 3 reads per 60 s exhausted for this principal' })
    t.equal((await app.inject({ method: 'HEAD', url: '/__test/read', headers: reader })).statusCode, 429, 'HEAD is a read')
    t.equal((await app.inject({ method: 'POST', url: '/__test/query', headers: reader })).statusCode, 429, 'rateBudget: read on a POST route')
    t.equal((await app.inject({ url: '/__test/read', headers: bearer(app, { tenant: 'acme', sub: 'bob', roles: ['reader'] }) })).statusCode, 200, 'another sub of the tenant')
    t.equal((await app.inject({ url: '/__test/read', headers: bearer(app, { tenant: 'other', sub: 'ann', roles: ['reader'] }) })).statusCode, 200, 'the same sub in another tenant')
  })

  await t.test('writes have their own budget', async t => {
    const write = () => app.inject({ method: 'POST', url: '/__test/write', headers: reader })
    t.same([(await write()).statusCode, (await write()).statusCode], [200, 200], 'reads used up, writes still available')
    assertLimited(t, await write(), 2, 'third write')
  })

  await t.test('bulk imports spend documents, and a refused batch spends nothing', async t => {
    const bulk = (count: number | string) => app.inject({ method: 'POST', url: '/__test/bulk', headers: { ...reader, 'content-type': 'application/json' }, payload: typeof count === 'string' ? count : JSON.stringify({ count }) })
    const first = await bulk(6)
    t.equal(first.statusCode, 200, 'writes used up, documents still available')
    t.same(headersOf(first), ['10', '4', 'reset'])
    const over = await bulk(5)
    assertLimited(t, over, 10, '5 documents with 4 left', 4)
    t.match(over.json(), { detail: '5 documents exceed the 4 left of the budget of 10 documents per 60 s' })
    const whole = await bulk(11)
    t.match(whole.json(), { status: 429, detail: /11 documents exceed the whole budget of 10 documents per 60 s; send fewer/ })
    const rest = await bulk(4)
    t.equal(rest.statusCode, 200, 'the refused batches were not charged')
    t.same(headersOf(rest), ['10', '0', 'reset'])
    const exhausted = await bulk('{"count": ')
    assertLimited(t, exhausted, 10, 'an exhausted budget refuses the next bulk before its body is parsed')
    t.equal((await bulk(0)).statusCode, 429)
  })
})

test('chargeDocuments refuses nonsense counts and unauthenticated routes', async t => {
  const app = await build(t, {}, app => {
    routes(app)
    app.post('/__test/public-bulk', { config: { auth: 'public' } }, async request => { await request.chargeDocuments(1); return {} })
  })
  const ingester = { ...bearer(app, { tenant: 'acme', roles: ['ingester'] }), 'content-type': 'application/json' }
  for (const count of [-1, 1.5, '3']) {
    const res = await app.inject({ method: 'POST', url: '/__test/bulk', headers: ingester, payload: JSON.stringify({ count }) })
    t.equal(res.statusCode, 500, `count ${JSON.stringify(count)} is a programming error`)
    t.notMatch(res.body, /chargeDocuments/, 'and says nothing of it to the client')
  }
  t.equal((await app.inject({ method: 'POST', url: '/__test/bulk', headers: ingester, payload: '{"count":0}' })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/__test/public-bulk' })).statusCode, 500)
})

test('two instances share the budgets through Redis', async t => {
  const shared = { REDIS_KEY_PREFIX: `${uniquePrefix(t.name)}:`, RATE_LIMIT_READ_MAX: '4', RATE_LIMIT_IP_MAX: '5' }
  const one = await build(t, shared, routes)
  const two = await build(t, shared, routes)
  const headers = bearer(one, { tenant: 'acme', roles: ['reader'] })
  const statuses = []
  for (const app of [one, two, one, two, one]) statuses.push((await app.inject({ url: '/__test/read', headers })).statusCode)
  t.same(statuses, [200, 200, 200, 200, 429], 'four reads across two instances, the fifth refused')
  const ips = []
  for (const app of [two, one, two]) ips.push((await app.inject({ url: '/__test/public' })).statusCode)
  t.same(ips, [429, 429, 429], 'the IP limit (5) is shared too: 5 requests were counted already')
  t.equal(one.rateCounter.fallbacks + two.rateCounter.fallbacks, 0, 'all counted in Redis')
})
