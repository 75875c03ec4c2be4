import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, build } from '../helpers/build.ts'

const ALLOWED = 'https://app.example'
const FOREIGN = 'https://evil.example'

function routes (app: FastifyInstance): void {
  app.get('/__test/read', { config: { auth: 'reader' } }, async () => ({ ok: true }))
  app.post('/__test/write', { config: { auth: 'ingester' } }, async () => ({ ok: true }))
}

const HELMET = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'strict-transport-security': /max-age=\d+/,
  'content-security-policy': /default-src 'self'/,
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer'
}

test('helmet headers on API, error and limit responses', async t => {
  const app = await build(t, { RATE_LIMIT_IP_MAX: '6', RATE_LIMIT_READ_MAX: '1' }, routes)
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const cases = {
    'an API answer (200)': await app.inject({ url: '/__test/read', headers: reader }),
    'a principal limit (429)': await app.inject({ url: '/__test/read', headers: reader }),
    'no token (401)': await app.inject({ url: '/__test/read' }),
    'no route (404)': await app.inject({ url: '/v1/nowhere' }),
    'a bad body (415)': await app.inject({ method: 'POST', url: '/__test/write', headers: { ...bearer(app, { tenant: 'acme', roles: ['ingester'] }), 'content-type': 'text/csv' }, payload: 'a,b' }),
    health: await app.inject({ url: '/healthz' }),
    'the IP limit (429)': await (async () => {
      for (let i = 0; i < 2; i++) await app.inject({ url: '/v1/nowhere' })
      return app.inject({ url: '/v1/nowhere' })
    })()
  }
  t.same(Object.fromEntries(Object.entries(cases).map(([what, res]) => [what, res.statusCode])),
    { 'an API answer (200)': 200, 'a principal limit (429)': 429, 'no token (401)': 401, 'no route (404)': 404, 'a bad body (415)': 415, health: 200, 'the IP limit (429)': 429 })
  for (const [what, res] of Object.entries(cases)) {
    t.match(res.headers, HELMET, what)
    t.notOk(res.headers['x-powered-by'], `${what}: no x-powered-by`)
  }
})

test('CORS: only allow-listed origins get a grant', async t => {
  const app = await build(t, { CORS_ORIGINS: `${ALLOWED}, https://admin.example` }, routes)
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const allowed = await app.inject({ url: '/__test/read', headers: { ...reader, origin: ALLOWED } })
  t.equal(allowed.headers['access-control-allow-origin'], ALLOWED)
  t.match(allowed.headers.vary, /origin/i, 'caches keep answers per origin')
  t.match(allowed.headers['access-control-expose-headers'], /ratelimit-remaining/)
  t.match(allowed.headers['access-control-expose-headers'], /idempotent-replayed/, 'a page can tell a replayed write')
  t.notOk(allowed.headers['access-control-allow-credentials'], 'no credentials: tokens travel in a header, never cookies')
  const foreign = await app.inject({ url: '/__test/read', headers: { ...reader, origin: FOREIGN } })
  t.equal(foreign.statusCode, 200, 'the server answers; the browser withholds it')
  t.notOk(foreign.headers['access-control-allow-origin'], 'a foreign origin gets no grant')
  const lookalike = await app.inject({ url: '/__test/read', headers: { ...reader, origin: `${ALLOWED}.evil.example` } })
  t.notOk(lookalike.headers['access-control-allow-origin'], 'exact matches only')

  const preflight = await app.inject({ method: 'OPTIONS', url: '/__test/read', headers: { origin: ALLOWED, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], ALLOWED)
  t.match(preflight.headers['access-control-allow-headers'], /authorization/)
  t.match(preflight.headers['access-control-allow-headers'], /idempotency-key/, 'a page may send write keys')
  t.equal(preflight.body, '')
  const foreignPreflight = await app.inject({ method: 'OPTIONS', url: '/__test/read', headers: { origin: FOREIGN, 'access-control-request-method': 'DELETE' } })
  t.notOk(foreignPreflight.headers['access-control-allow-origin'])
})

test('without CORS_ORIGINS no origin gets a grant', async t => {
  const app = await build(t, {}, routes)
  const res = await app.inject({ url: '/healthz', headers: { origin: ALLOWED } })
  t.notOk(res.headers['access-control-allow-origin'])
  const preflight = await app.inject({ method: 'OPTIONS', url: '/__test/read', headers: { origin: ALLOWED, 'access-control-request-method': 'GET' } })
  t.notOk(preflight.headers['access-control-allow-origin'])
  t.equal(preflight.statusCode, 405, 'a path of GET and HEAD only')
  t.equal(preflight.headers.allow, 'GET, HEAD')
})

test('/docs and /openapi.json: served in development, 404 problems in production', async t => {
  // Development opens the metrics listener (9464 by default): any free port here, tests run side by side.
  const development = await build(t, { NODE_ENV: 'development', METRICS_PORT: '0' })
  const spec = await development.inject({ url: '/openapi.json' })
  t.equal(spec.statusCode, 200)
  t.equal(spec.json().openapi, '3.1.0')
  const docs = await development.inject({ url: '/docs' })
  t.equal(docs.statusCode, 200)
  t.match(docs.headers['content-type'], /^text\/html/)
  t.equal((await development.inject({ url: '/docs/static/swagger-ui.css' })).statusCode, 200)

  const production = await build(t, { NODE_ENV: 'production' })
  for (const url of ['/openapi.json', '/docs', '/docs/', '/docs/static/index.html', '/docs/static/swagger-ui.css', '/docs/json']) {
    const res = await production.inject({ url })
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url}: problem+json`)
    t.equal(res.json().code, 'ROUTE_NOT_FOUND')
  }
})
