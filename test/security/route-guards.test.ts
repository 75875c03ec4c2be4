import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from '../helpers/build.ts'
import { injectRoute, registeredRoutes, type WalkedRoute } from './support.ts'

// The only routes anyone may call without a token. OPTIONS * is the CORS preflight (no body, no data); / and
// /ui/* are the web page, which holds no data (it calls the API with the user's token).
const PUBLIC = [/^\/healthz$/, /^\/readyz$/, /^\/openapi\.json$/, /^\/docs(\/.*)?$/, /^\/$/, /^\/ui\/\*$/]
const isPublicAllowed = (route: WalkedRoute) =>
  PUBLIC.some(pattern => pattern.test(route.path)) || (route.method === 'OPTIONS' && route.path === '*')

/** Every registered route outside the public list must refuse a request without a token, before anything else. */
async function unguarded (app: FastifyInstance, routes: WalkedRoute[]): Promise<string[]> {
  const failures: string[] = []
  for (const route of routes) {
    if (isPublicAllowed(route)) continue
    const res = await injectRoute(app, route)
    if (res.statusCode !== 401 || res.headers['www-authenticate'] !== 'Bearer') {
      failures.push(`${route.method} ${route.path} answered ${res.statusCode} without a token`)
    }
  }
  return failures
}

const env = { RATE_LIMIT_IP_MAX: '100000', CORS_ORIGINS: 'https://app.example' }

test('every registered route outside the public list requires a token', async t => {
  const app = await build(t, env, app => {
    app.get('/__test/walk/:id', { config: { auth: 'reader' } }, async () => ({}))
    app.get('/__test/walk/files/*', { config: { auth: 'admin' } }, async () => ({}))
  })
  const routes = registeredRoutes(app)
  // The walk must see what is there: spot checks, then every walked route is a real one.
  for (const [method, path] of [['GET', '/healthz'], ['GET', '/readyz'], ['GET', '/__test/walk/:id'], ['HEAD', '/__test/walk/:id'], ['GET', '/__test/walk/files/*'], ['OPTIONS', '*']]) {
    t.ok(routes.some(r => r.method === method && r.path === path), `${method} ${path} is walked`)
  }
  for (const route of routes) {
    const url = route.path.startsWith('/') ? route.path : `/${route.path}`
    t.ok(app.hasRoute({ method: route.method as 'GET', url, ...(route.constraints === undefined ? {} : { constraints: route.constraints }) }), `${route.method} ${route.path} exists`)
  }
  t.ok(routes.length >= 10, `${routes.length} routes walked`)
  t.same(await unguarded(app, routes), [], 'no route outside the public list answers without a token')
})

test('the walk catches a public route that is not on the list', async t => {
  const app = await build(t, env, app => {
    app.get('/__test/leak', { config: { auth: 'public' } }, async () => ({ secret: true }))
  })
  t.same(await unguarded(app, registeredRoutes(app)), ['GET /__test/leak answered 200 without a token', 'HEAD /__test/leak answered 200 without a token'])
})

test('public routes stay public in production, and the docs are gone there', async t => {
  const app = await build(t, { ...env, NODE_ENV: 'production' })
  const routes = registeredRoutes(app)
  t.notOk(routes.some(r => r.path.startsWith('/docs') || r.path === '/openapi.json'), 'no docs routes in production')
  t.same(await unguarded(app, routes), [])
})
