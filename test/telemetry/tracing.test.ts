import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'tap'
import { deleteKeys, ES_URL, REDIS_URL, testEnv, tokenFor } from '../helpers/build.ts'
import { OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.ts'
import { loadConfig } from '../../src/config/load-config.ts'
import { tracingWanted } from '../../src/telemetry/tracing-wanted.ts'

const root = new URL('../../', import.meta.url)

test('tracing is wanted only when the standard variables ask for it', async t => {
  t.equal(tracingWanted({}), false)
  t.equal(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }), true)
  t.equal(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }), true)
  t.equal(tracingWanted({ OTEL_TRACES_EXPORTER: 'console' }), true)
  t.equal(tracingWanted({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }), false)
  t.equal(tracingWanted({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }), false)
  t.equal(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }), false)
})

test('a search with a traceparent: server span of that trace, child spans for Elasticsearch and Redis, trace id in its log line', async t => {
  const receiver = await OtlpReceiver.listen()
  t.teardown(() => receiver.close())
  const env = testEnv(t.name, { LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' })
  const child = spawn(process.execPath, ['--import', './src/telemetry/register.ts', 'src/server.ts'], {
    cwd: root,
    // The whole environment passes on (tap's coverage follows the child through it), then the test's settings.
    env: {
      ...process.env,
      ...env,
      ES_URL,
      REDIS_URL,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'search-under-test'
    },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const logs: Array<Record<string, unknown>> = []
  createInterface({ input: child.stdout! }).on('line', line => { try { logs.push(JSON.parse(line)) } catch {} })
  t.teardown(async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await deleteKeys(env.REDIS_KEY_PREFIX!).catch(() => {})
    await fetch(`${ES_URL}/${env.ES_INDEX_PREFIX}-analyses-v1`, { method: 'DELETE' }).catch(() => {})
  })

  let address: string | undefined
  for (let i = 0; i < 300 && address === undefined; i++) {
    address = logs.map(line => /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(String(line.msg))?.[1]).find(Boolean)
    await sleep(50)
  }
  t.ok(address, 'the traced service listens')
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${address}/readyz`)).ok) break
    await sleep(100)
  }

  const traceId = randomBytes(16).toString('hex')
  const parentId = randomBytes(8).toString('hex')
  const token = tokenFor(loadConfig(env), { tenant: 'acme', roles: ['reader'] })
  const res = await fetch(`${address}/v1/search?q=jungle&facets=lens`, {
    headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${parentId}-01`, 'x-request-id': 'traced-request-1' }
  })
  t.equal(res.status, 200)
  t.equal(res.headers.get('x-request-id'), 'traced-request-1', 'the request id stays as it was')

  let spans: ReceivedSpan[] = []
  for (let i = 0; i < 100; i++) {
    spans = receiver.spans.filter(span => span.traceId === traceId)
    if (spans.some(span => span.scope === '@elastic/transport') && spans.some(span => /redis/.test(span.scope)) && spans.some(span => span.parentSpanId === parentId)) break
    await sleep(100)
  }
  const server = spans.find(span => span.parentSpanId === parentId)
  t.ok(server, 'a span whose parent is the caller\'s')
  t.equal(server?.name, 'GET /v1/search', 'named by the route pattern')
  t.equal(server?.kind, 2, 'a SERVER span')
  t.match(server?.attributes, { 'http.route': '/v1/search', 'http.response.status_code': 200, 'url.path': '/v1/search', 'cache.outcome': 'miss', 'tenant.hash': /^[A-Za-z0-9_-]{16}$/ })

  const byId = new Map(spans.map(span => [span.spanId, span]))
  const under = (span: ReceivedSpan) => {
    for (let at: ReceivedSpan | undefined = span; at !== undefined; at = byId.get(at.parentSpanId ?? '')) if (at === server) return true
    return false
  }
  const es = spans.filter(span => span.scope === '@elastic/transport')
  const redis = spans.filter(span => /redis/.test(span.scope))
  t.ok(es.some(span => span.name === 'search' && span.attributes['db.system'] === 'elasticsearch'), 'the Elasticsearch search, by the client\'s own spans')
  t.ok(redis.some(span => span.name === 'mget'), 'the cache read in Redis')
  t.ok([...es, ...redis].every(under), 'every Elasticsearch and Redis span descends from the server span')
  t.notOk(JSON.stringify(spans).includes('acme'), 'no tenant in any span')
  t.notOk(JSON.stringify(spans).includes('jungle'), 'no search text in any span')

  const line = logs.find(entry => entry.reqId === 'traced-request-1' && entry.msg === 'request completed')
  t.ok(line, 'the request\'s log line')
  t.equal(line?.trace_id, traceId, 'carries the trace id')
  t.match(line?.span_id, /^[0-9a-f]{16}$/)
  process.stderr.write(`# received: ${spans.map(span => `${span.name} (${span.spanId} <- ${span.parentSpanId ?? 'root'})`).join('; ')}\n`)
})
