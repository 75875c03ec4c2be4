import { test } from 'tap'
import { bearer, build } from '../helpers/build.ts'

test('OpenAPI 3.1 describes every route with its request and response schemas', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  const spec = res.json()
  t.equal(spec.openapi, '3.1.0')
  t.ok(spec.components.schemas.Problem ?? spec.components.schemas['def-0'], 'the problem schema is a component')
  const operations = Object.entries(spec.paths as Record<string, Record<string, any>>)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
  const api = operations.filter(({ path }) => path.startsWith('/v1/'))
  t.same(api.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort(), [
    'DELETE /v1/analyses/{id}', 'GET /v1/admin/cache/stats', 'GET /v1/admin/reindex', 'GET /v1/analyses/{id}', 'GET /v1/dashboard',
    'GET /v1/facets', 'GET /v1/facets/{facet}/values', 'GET /v1/search', 'POST /v1/admin/cache/flush', 'POST /v1/admin/reindex', 'POST /v1/analyses',
    'POST /v1/analyses/_bulk', 'POST /v1/search', 'PUT /v1/analyses/{id}'
  ], 'every API operation is described')
  for (const { path, method, op } of api) {
    const where = `${method.toUpperCase()} ${path}`
    t.ok(Object.keys(op.responses ?? {}).some(code => code.startsWith('2')), `${where}: a success response schema`)
    t.ok(op.responses?.['401'] !== undefined && op.responses?.['400'] !== undefined, `${where}: problem responses`)
    t.ok((op.tags ?? []).length > 0, `${where}: tagged`)
    if (['post', 'put'].includes(method) && !path.startsWith('/v1/admin/')) t.ok(op.requestBody !== undefined, `${where}: a request body schema`)
  }
  // The parameters of issue 12, each described.
  const parameters = (path: string) => Object.fromEntries((spec.paths[path].get.parameters as Array<{ name: string, schema: unknown, description?: string }>).map(p => [p.name, p]))
  const searchParameters = parameters('/v1/search')
  for (const name of ['source', 'fields', 'light_color', 'negative', 'size', 'sort']) t.ok(searchParameters[name] !== undefined, `GET /v1/search: ${name}`)
  t.match(JSON.stringify(searchParameters.sort), /"-focal_mm"/, 'sort=-focal_mm')
  t.match(JSON.stringify(searchParameters.size), /"minimum":0/, 'size=0')
  const facetsParameters = parameters('/v1/facets')
  for (const name of ['q', 'search_q', 'facets', 'size', 'source', 'setting', 'focal_mm']) t.ok(facetsParameters[name] !== undefined, `GET /v1/facets: ${name}`)
  t.match(JSON.stringify(parameters('/v1/facets/{facet}/values').prefix), /a word starting with it/, 'prefix: what it matches')
  const docs = await app.inject({ method: 'GET', url: '/docs' })
  t.ok(docs.statusCode < 400, 'the docs UI is served in development')
})

test('the request id is returned and passed to Elasticsearch as X-Opaque-Id', async t => {
  const app = await build(t)
  const seen: string[] = []
  app.es.diagnostic.on('request', (_error, event) => {
    const id = event?.meta.request.params.headers?.['x-opaque-id']
    if (typeof id === 'string') seen.push(id)
  })
  const res = await app.inject({ method: 'GET', url: '/v1/search?q=x', headers: { ...bearer(app, { tenant: 'acme', roles: ['reader'] }), 'x-request-id': 'trace-123' } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-request-id'], 'trace-123', 'a sane caller id is kept')
  t.ok(seen.includes('trace-123'), 'Elasticsearch saw the request id')
  const generated = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } })
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'an unsafe caller id is replaced')
})
