import { test } from 'tap'
import { until } from '../helpers/until.ts'
import { bearer, build } from '../helpers/build.ts'
import { scrape } from '../helpers/scrape.ts'
import { seedAnalysis } from '../helpers/seed.ts'
import { loadConfig } from '../../src/config/load-config.ts'

test('metrics: off in test and production unless METRICS_PORT says so, 9464 in development', async t => {
  const base = { JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-bytes' }
  t.equal(loadConfig({ ...base, NODE_ENV: 'test' }).metrics, null)
  t.equal(loadConfig({ ...base, NODE_ENV: 'production' }).metrics, null)
  t.same(loadConfig({ ...base, NODE_ENV: 'development' }).metrics, { host: '127.0.0.1', port: 9464 })
  t.same(loadConfig({ ...base, NODE_ENV: 'production', METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }).metrics, { host: '0.0.0.0', port: 9100 })
  const off = await build(t)
  t.notOk(off.hasDecorator('metricsAddress'), 'no listener, no collection')
  t.equal((await off.inject({ url: '/metrics' })).statusCode, 404, 'never on the API port')
})

test('the listener serves GET /metrics only, in the Prometheus text format', async t => {
  const app = await build(t, { METRICS_PORT: '0' })
  const { host, port } = app.metricsAddress()!
  t.equal(host, '127.0.0.1', 'loopback by default')
  const ok = await fetch(`http://${host}:${port}/metrics`)
  t.equal(ok.status, 200)
  t.match(ok.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
  t.match(await ok.text(), /# TYPE ias_http_requests_total counter/)
  t.equal((await fetch(`http://${host}:${port}/other`)).status, 404)
  const post = await fetch(`http://${host}:${port}/metrics`, { method: 'POST' })
  t.equal(post.status, 405)
  t.equal(post.headers.get('allow'), 'GET, HEAD')
})

test('ingestion, normalizer, Elasticsearch bulk items and cache outcomes by kind', async t => {
  const app = await build(t, { METRICS_PORT: '0' })
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const lines = [
    JSON.stringify({ id: 'one', ...seedAnalysis() }),
    JSON.stringify({ id: 'two', image_analysis: { technical_aspects: { lens_type: 'A glass of unknown kind', depth_of_field: 'Wobbly' } } }),
    '{"id": "broken", ',
    JSON.stringify({ id: 'three', image_analysis: {}, tenant: 'other' })
  ]
  const bulk = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk?refresh=wait_for', headers: { ...ingester, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') })
  t.equal(bulk.statusCode, 200)
  t.equal((await app.inject({ method: 'PUT', url: '/v1/analyses/one', headers: { ...ingester, 'if-match': '"stale"' }, payload: seedAnalysis() })).statusCode, 412)
  t.equal((await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { image_analysis: 'not an object' } })).statusCode, 400)
  // With the in-process tier tracking, the second computed answer (facet values) reuses the vocabulary the first read.
  t.ok(await until(() => app.cacheStats().local_tier === 'on', 10_000), 'the tier tracks its keys')
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ url: '/v1/search?q=jungle', headers: reader })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/facets/lens/values', headers: reader })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/analyses/none', headers: reader })).statusCode, 404)

  const m = await scrape(app)
  const expected: Record<string, number> = {
    ias_ingest_documents_accepted_total: 2,
    'ias_ingest_documents_rejected_total{code="INVALID_JSON"}': 1,
    'ias_ingest_documents_rejected_total{code="UNKNOWN_FIELD"}': 1,
    'ias_ingest_documents_rejected_total{code="PRECONDITION_FAILED"}': 1,
    'ias_ingest_documents_rejected_total{code="VALIDATION_FAILED"}': 1,
    'ias_elasticsearch_bulk_items_total{result="created"}': 2,
    'ias_normalizer_unmapped_values_total{facet="lens"}': 1,
    'ias_normalizer_unmapped_values_total{facet="depth_of_field"}': 1,
    // The missing analysis, and the tenant's vocabulary read by the bulk request and by the first cache miss (search).
    'ias_elasticsearch_request_duration_seconds_count{operation="get"}': 3,
    'ias_cache_events_total{kind="search",event="miss"}': 1,
    'ias_cache_events_total{kind="search",event="stored"}': 1,
    'ias_cache_events_total{kind="search",event="hit"}': 1,
    'ias_cache_events_total{kind="facet-values",event="miss"}': 1,
    ias_cache_redis_circuit_open: 0,
    ias_overloaded: 0
  }
  for (const [series, value] of Object.entries(expected)) t.equal(m.get(series), value, series)
  t.notOk([...m.keys()].some(series => series.startsWith('ias_elasticsearch_request_errors_total{operation="get"')), 'a missing document is an answer, not an error')
  t.ok((m.get('ias_elasticsearch_request_duration_seconds_count{operation="bulk"}') ?? 0) >= 1)
})

test('rate-limit refusals are counted by the limit that refused', async t => {
  const app = await build(t, { METRICS_PORT: '0', RATE_LIMIT_IP_MAX: '4', RATE_LIMIT_READ_MAX: '1' })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const statuses = []
  for (let i = 0; i < 5; i++) statuses.push((await app.inject({ url: '/v1/dashboard', headers: reader })).statusCode)
  t.same(statuses, [200, 429, 429, 429, 429])
  const m = await scrape(app)
  t.equal(m.get('ias_rate_limit_rejections_total{limit="read"}'), 3, 'the principal\'s read budget, after authentication')
  t.equal(m.get('ias_rate_limit_rejections_total{limit="ip"}'), 1, 'the IP limit, before it')
})

test('a reindex job reports its progress; Redis away opens the circuit', async t => {
  const app = await build(t, { METRICS_PORT: '0' })
  const admin = bearer(app, { tenant: 'acme', roles: ['admin'] })
  for (const id of ['r1', 'r2', 'r3']) await app.inject({ method: 'PUT', url: `/v1/analyses/${id}?refresh=wait_for`, headers: admin, payload: seedAnalysis() })
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/reindex', headers: admin })).statusCode, 202)
  let job
  for (let i = 0; i < 200 && job?.state !== 'done'; i++) {
    await new Promise(resolve => setTimeout(resolve, 50))
    job = (await app.inject({ url: '/v1/admin/reindex', headers: admin })).json()
  }
  t.equal(job.state, 'done')
  const m = await scrape(app)
  t.equal(m.get('ias_reindex_jobs_total{state="started"}'), 1)
  t.equal(m.get('ias_reindex_jobs_total{state="done"}'), 1)
  t.equal(m.get('ias_reindex_jobs_running'), 0)
  t.equal(m.get('ias_index_copied_documents_total{mode="in-place",result="rewritten"}'), 3)

  const down = await build(t, { METRICS_PORT: '0', ES_URL: 'http://127.0.0.1:1', ES_REQUEST_TIMEOUT_MS: '500' })
  t.ok(((await scrape(down)).get('ias_elasticsearch_request_errors_total{operation="indices.get_alias",error="ConnectionError"}') ?? 0) >= 1, 'Elasticsearch unreachable: errors by class')

  const away = await build(t, { METRICS_PORT: '0', REDIS_URL: 'redis://127.0.0.1:1' })
  t.equal((await away.inject({ url: '/v1/search?q=x', headers: bearer(away, { tenant: 'acme', roles: ['reader'] }) })).statusCode, 200)
  const a = await scrape(away)
  t.equal(a.get('ias_cache_redis_circuit_open'), 1)
  t.equal(a.get('ias_cache_events_total{kind="search",event="bypassed"}'), 1)
})
