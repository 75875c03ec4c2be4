import { test } from 'tap'
import { bearer, build } from '../helpers/build.ts'
import { PrometheusServer } from '../helpers/prometheus-server.ts'
import { seedAnalysis } from '../helpers/seed.ts'

// A real Prometheus scrapes the service's metrics listener; what it stored is asked through its HTTP API.
test('Prometheus scrapes the request counter and latency histogram of the routes called', async t => {
  const app = await build(t, { METRICS_PORT: '0' })
  const { host, port } = app.metricsAddress()!
  const prometheus = await PrometheusServer.launch('image-analyses', [`${host}:${port}`])
  t.teardown(() => prometheus.close())

  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ url: `/v1/search?q=jungle${i}`, headers: reader })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { id: 'scraped', ...seedAnalysis() } })).statusCode, 201)
  t.equal((await app.inject({ url: '/v1/analyses/scraped-not-there', headers: reader })).statusCode, 404)
  t.equal((await app.inject({ url: '/no/such/route/acme-secret-path' })).statusCode, 404)

  const value = (samples: Array<{ value: [number, string] }>) => samples.map(sample => Number(sample.value[1]))
  const search = 'ias_http_requests_total{job="image-analyses",method="GET",route="/v1/search",status_class="2xx"}'
  t.same(value(await prometheus.eventually(search, samples => value(samples)[0] === 3)), [3], 'three searches counted under the route pattern')
  t.same(value(await prometheus.query('up{job="image-analyses"}')), [1], 'the target is up')
  t.same(value(await prometheus.query('ias_http_request_duration_seconds_count{route="/v1/search",status_class="2xx"}')), [3], 'histogram count')
  t.same(value(await prometheus.query('ias_http_request_duration_seconds_bucket{route="/v1/search",status_class="2xx",le="+Inf"}')), [3], 'histogram +Inf bucket')
  const slow = value(await prometheus.query('ias_http_request_duration_seconds_bucket{route="/v1/search",status_class="2xx",le="0.001"}'))[0]!
  t.ok(slow <= 3, 'buckets are cumulative')
  t.same(value(await prometheus.query('ias_http_requests_total{method="POST",route="/v1/analyses",status_class="2xx"}')), [1])
  t.same(value(await prometheus.query('ias_http_requests_total{method="GET",route="/v1/analyses/:id",status_class="4xx"}')), [1], 'ids never become labels')
  t.same(value(await prometheus.query('ias_http_requests_total{route="(unmatched)"}')), [1], 'unmatched URLs share one label')
  t.same(value(await prometheus.query('ias_ingest_documents_accepted_total')), [1])
  t.ok(value(await prometheus.query('sum(ias_elasticsearch_request_duration_seconds_count{operation="search"})'))[0]! >= 1, 'Elasticsearch searches timed')
  t.ok(value(await prometheus.query('sum(ias_redis_command_duration_seconds_count{command="mget"})'))[0]! >= 3, 'Redis cache reads timed')
  t.ok(value(await prometheus.query('nodejs_eventloop_lag_p99_seconds'))[0]! >= 0, 'the Node defaults are there')

  const series = await prometheus.series('{__name__=~"ias_.+"}')
  t.ok(series.length > 10)
  const labels = new Set(series.flatMap(labels => Object.keys(labels)))
  for (const forbidden of ['tenant', 'id', 'user', 'sub', 'url']) t.notOk(labels.has(forbidden), `no ${forbidden} label`)
  t.notOk(JSON.stringify(series).includes('acme'), 'no tenant in any label value')
})
