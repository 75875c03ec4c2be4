import { test } from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bearer, build } from '../helpers/build.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// The command line, run by this Node (redocly's bin would take whichever `node` the PATH finds first).
const REDOCLY = fileURLToPath(import.meta.resolve('@redocly/cli/bin/cli.js'))

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
    'DELETE /v1/analyses/{id}', 'GET /v1/admin/cache/stats', 'GET /v1/admin/reindex', 'GET /v1/admin/vocabulary', 'GET /v1/admin/vocabulary/suggestions', 'GET /v1/analyses/{id}', 'GET /v1/analyses/{id}/similar', 'GET /v1/dashboard',
    'GET /v1/facets', 'GET /v1/facets/{facet}/values', 'GET /v1/me', 'GET /v1/search', 'POST /v1/admin/cache/flush', 'POST /v1/admin/reindex', 'POST /v1/analyses',
    'POST /v1/analyses/_bulk', 'POST /v1/search', 'PUT /v1/admin/vocabulary', 'PUT /v1/analyses/{id}'
  ], 'every API operation is described')
  for (const { path, method, op } of operations) {
    const where = `${method.toUpperCase()} ${path}`
    t.ok(op.operationId !== undefined && op.summary !== undefined && op.description !== undefined, `${where}: operationId, summary and description`)
  }
  t.equal(new Set(operations.map(({ op }) => op.operationId)).size, operations.length, 'operationIds are unique')
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
  const similarParameters = parameters('/v1/analyses/{id}/similar')
  for (const name of ['id', 'size', 'fields', 'q', 'setting', 'source', 'focal_min']) t.ok(similarParameters[name] !== undefined, `GET /v1/analyses/{id}/similar: ${name}`)
  t.equal(spec.paths['/v1/analyses/{id}/similar'].get.operationId, 'similarAnalyses')
  const searchAnswer = JSON.stringify(spec.paths['/v1/search'].get.responses['200'])
  t.match(searchAnswer, /"typos"/, 'the search answer lists the widened words')
  t.match(searchAnswer, /prefix\+typo/)
  const docs = await app.inject({ method: 'GET', url: '/docs' })
  t.ok(docs.statusCode < 400, 'the docs UI is served in development')
})

test('the served document passes redocly lint, with the servers of the configuration', async t => {
  const app = await build(t, { PUBLIC_BASE_URL: 'https://search.internal.test/api/' })
  const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  t.same(spec.servers.map((server: { url: string }) => server.url), ['https://search.internal.test/api'], 'PUBLIC_BASE_URL, without its trailing slash')
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(spec))
  // Telemetry and the update check would reach for the internet, which CI machines may not have.
  const lint = spawnSync(process.execPath, [REDOCLY, 'lint', join(dir, 'openapi.json'), '--config', join(ROOT, 'redocly.yaml'), '--format=json'],
    { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } })
  const report = JSON.parse(lint.stdout) as { totals: { errors: number, warnings: number }, problems: Array<{ severity: string, ruleId: string, message: string, location?: Array<{ pointer?: string }> }> }
  t.same(report.problems.map(problem => `${problem.severity} ${problem.ruleId} at ${problem.location?.[0]?.pointer ?? '?'}: ${problem.message}`), [], 'no error, no warning')
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 })
  t.equal(lint.status, 0, 'redocly lint passes')
})

test('without PUBLIC_BASE_URL the server is the origin serving the document', async t => {
  const app = await build(t)
  t.same((await app.inject({ method: 'GET', url: '/openapi.json' })).json().servers.map((server: { url: string }) => server.url), ['/'])
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
