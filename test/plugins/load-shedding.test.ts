import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { bearer, build } from '../helpers/build.ts'
import { scrape } from '../helpers/scrape.ts'

/** Keeps the event loop blocked most of the time (as CPU-bound work would), with short gaps, until stopped. */
function blockTheLoop (): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + 300
    while (performance.now() < until);
  }, 320)
  return () => clearInterval(timer)
}

async function eventually (app: FastifyInstance, url: string, headers: Record<string, string>, status: number): Promise<LightMyRequestResponse> {
  let res
  for (let i = 0; i < 100; i++) {
    res = await app.inject({ url, headers })
    if (res.statusCode === status) return res
    await sleep(100)
  }
  return res!
}

test('past the event-loop delay threshold new requests get 503 with Retry-After, /readyz says overloaded; then recovery', async t => {
  const app = await build(t, { METRICS_PORT: '0', SHED_EVENT_LOOP_DELAY_MS: '40', SHED_SAMPLE_INTERVAL_MS: '500', SHED_RETRY_AFTER_S: '7' })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  // The first samples may still hold the start's own work: wait for a calm one.
  t.equal((await eventually(app, '/v1/search?q=calm', reader, 200)).statusCode, 200, 'answered before the load')

  const stop = blockTheLoop()
  const shed = await eventually(app, '/v1/search?q=calm', reader, 503)
  const ready = await app.inject({ url: '/readyz' })
  const live = await app.inject({ url: '/healthz' })
  const metrics = await scrape(app)
  stop()

  t.equal(shed.statusCode, 503, 'shed under pressure')
  t.equal(shed.headers['retry-after'], '7')
  t.match(shed.headers['content-type'], /^application\/problem\+json/)
  t.match(shed.json(), { status: 503, code: 'OVERLOADED', title: 'The instance is overloaded', instance: shed.headers['x-request-id'] })
  t.equal(shed.headers['x-content-type-options'], 'nosniff', 'the helmet headers are there')
  t.notOk('ratelimit-limit' in shed.headers, 'shed before the rate limits spent anything')
  t.equal(ready.statusCode, 503, 'readiness drains the instance')
  t.match(ready.json(), { state: 'overloaded', code: 'OVERLOADED', status: 503 })
  t.equal(ready.headers['retry-after'], '7')
  t.equal(live.statusCode, 200, 'liveness stays cheap and 200: an overloaded instance is not restarted')
  t.equal(metrics.get('ias_overloaded'), 1)
  t.ok((metrics.get('ias_load_shed_requests_total{reason="eventLoopDelay"}') ?? 0) >= 1)

  const recovered = await eventually(app, '/v1/search?q=calm', reader, 200)
  t.equal(recovered.statusCode, 200, 'answers again once the loop is free')
  t.match((await app.inject({ url: '/readyz' })).json(), { state: 'ready' })
  t.equal((await scrape(app)).get('ias_overloaded'), 0)
})

test('a threshold of 0 turns its check off', async t => {
  const app = await build(t, { SHED_EVENT_LOOP_DELAY_MS: '0', SHED_SAMPLE_INTERVAL_MS: '100' })
  const stop = blockTheLoop()
  await sleep(600)
  const res = await app.inject({ url: '/readyz' })
  stop()
  t.equal(res.statusCode, 200)
  t.equal(app.isUnderPressure(), false)
})
