import { readFileSync } from 'node:fs'
import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, build, TEST_SECRET } from '../helpers/build.ts'
import { seedAnalysis } from '../helpers/seed.ts'
import { loadConfig } from '../../src/config/load-config.ts'
import { handmade, hmac, now } from '../security/support.ts'

// Each test reads what a doc promises and checks the service against it: a change to either fails here.
const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8')
const OPAQUE_ETAG = /^"[A-Za-z0-9_-]{22}"$/

test('docs/ingestion.md: the ETag is opaque, as documented', async t => {
  const text = doc('ingestion.md')
  const paragraph = /^The ETag is opaque.*?(?=\n\n)/ms.exec(text)?.[0] ?? ''
  t.ok(paragraph !== '', 'ingestion.md describes the ETag as opaque')
  const example = /\(`("[^"]+")`\)/.exec(paragraph)?.[1] ?? ''
  t.match(example, OPAQUE_ETAG, 'the documented example has the form the service sends')
  t.notMatch(text, /<seq_no>|<primary_term>/, 'no readable format is promised anywhere')

  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const created = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { id: 'etag-1', ...seedAnalysis() } })
  t.equal(created.statusCode, 201)
  t.match(created.headers.etag, OPAQUE_ETAG)
  const foreign = await app.inject({ method: 'PUT', url: '/v1/analyses/etag-1', headers: { ...ingester, 'if-match': example }, payload: seedAnalysis() })
  t.equal(foreign.statusCode, 412, 'an ETag the service did not issue matches nothing')
})

test('docs/security.md: the details of a refused token are exactly the documented ones', async t => {
  const section = /A refused token answers[\s\S]*?\n\n([\s\S]*?)\n\n/.exec(doc('security.md'))?.[1] ?? ''
  const documented = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map(match => match[1]!)
  t.ok(documented.length >= 5, 'the doc lists the details in a table')

  const app = await build(t, {}, (app: FastifyInstance) => {
    app.get('/__test/read', { config: { auth: 'reader' } }, async () => ({ ok: true }))
  })
  const claims = { sub: 'u1', tenant: 'acme', roles: ['reader'], exp: now() + 600 }
  const signed = (payload: Record<string, unknown>) => handmade({ alg: 'HS256', typ: 'JWT' }, payload, hmac('sha256', TEST_SECRET))
  const cases: Array<[string, Record<string, string>]> = [
    ['no header', {}],
    ['expired', { authorization: `Bearer ${signed({ ...claims, exp: now() - 120 })}` }],
    ['bad tenant', { authorization: `Bearer ${signed({ ...claims, tenant: 'Not A Tenant' })}` }],
    ['no sub', { authorization: `Bearer ${signed({ ...claims, sub: undefined })}` }],
    ['unknown role', { authorization: `Bearer ${signed({ ...claims, roles: ['reader', 'superuser'] })}` }],
    ['bad signature', { authorization: `Bearer ${handmade({ alg: 'HS256' }, claims, hmac('sha256', 'another-secret-of-at-least-32-bytes!!'))}` }],
    ['not yet valid', { authorization: `Bearer ${signed({ ...claims, nbf: now() + 600 })}` }]
  ]
  const seen = new Set<string>()
  for (const [what, headers] of cases) {
    const res = await app.inject({ url: '/__test/read', headers })
    t.equal(res.statusCode, 401, what)
    const detail = res.json().detail as string
    t.ok(documented.includes(detail), `${what}: "${detail}" is documented`)
    seen.add(detail)
  }
  t.same([...seen].sort(), [...documented].sort(), 'every documented detail is one the service sends')
})

test('docs/errors.md: a known path with another method is 405 with Allow', async t => {
  t.match(doc('errors.md'), /^\| `METHOD_NOT_ALLOWED` \| 405 \| .*`Allow`/m)
  const app = await build(t)
  const res = await app.inject({ method: 'DELETE', url: '/v1/search?q=x' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, POST')
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { status: 405, code: 'METHOD_NOT_ALLOWED', detail: '/v1/search answers GET, HEAD, POST, not DELETE' })
  const param = await app.inject({ method: 'POST', url: '/v1/analyses/some-id' })
  t.equal(param.statusCode, 405, 'a path parameter matches too')
  t.equal(param.headers.allow, 'DELETE, GET, HEAD, PUT')
  const missingFile = await build(t, { NODE_ENV: 'development', METRICS_PORT: '0' })
  const file = await missingFile.inject({ url: '/docs/static/no-such-file.css' })
  t.equal(file.statusCode, 404, 'a route of the method that finds nothing is a 404, not a 405')
  t.equal(file.json().code, 'ROUTE_NOT_FOUND')
  t.equal((await missingFile.inject({ method: 'DELETE', url: '/docs/static/no-such-file.css' })).statusCode, 405)
  const unknown = await app.inject({ method: 'DELETE', url: '/v1/nowhere' })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'ROUTE_NOT_FOUND')
})

test('docs/ingestion.md: idempotency keys as documented (the example key, the TTL, the replay header)', async t => {
  const section = /^## Idempotency keys\n([\s\S]*?)\n## /m.exec(doc('ingestion.md'))?.[1] ?? ''
  t.ok(section !== '', 'ingestion.md has the section')
  const example = /`Idempotency-Key: ("[^"]+")`/.exec(section)?.[1] ?? ''
  const ttl = Number(/`IDEMPOTENCY_TTL_S` \(default ([\d,]+) s/.exec(section)?.[1]?.replaceAll(',', ''))
  t.equal(ttl, loadConfig({ JWT_SECRET: TEST_SECRET }).idempotency.ttlS, 'the documented TTL is the default')
  const app = await build(t)
  const write = { method: 'PUT' as const, url: '/v1/analyses/doc-key', headers: { ...bearer(app, { tenant: 'acme', roles: ['ingester'] }), 'idempotency-key': example }, payload: seedAnalysis() }
  t.equal((await app.inject(write)).statusCode, 201, 'the documented example is a valid key')
  t.equal((await app.inject(write)).headers['idempotent-replayed'], 'true', 'its retry is a replay, with the documented header')
})
