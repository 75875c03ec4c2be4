import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, build } from '../helpers/build.ts'
import { RedisServer } from '../helpers/redis-server.ts'
import { until } from '../helpers/until.ts'
import { LIMIT_BREAKER_MS } from '../../src/plugins/rate-limit-store.ts'

const COMMAND_TIMEOUT_MS = 1000
// A behaviour bound, not a speed figure: one command timeout for the call that finds Redis frozen, plus room for
// a loaded machine (whose event loop stalls for most of a second at times). Callers queued behind that call one
// after the other (the bug) take N × the timeout.
const BOUND_MS = 2.5 * COMMAND_TIMEOUT_MS
const WAVE = 60

/** Fires `count` requests at once; each one's status and how long it took from the start of the wave. */
async function wave (app: FastifyInstance, count: number, url: string, headers: Record<string, string> = {}) {
  const started = performance.now()
  const answers = await Promise.all(Array.from({ length: count }, async () => {
    const res = await app.inject({ url, headers })
    return { status: res.statusCode, ms: performance.now() - started }
  }))
  const wallMs = performance.now() - started
  return {
    statuses: answers.map(a => a.status),
    maxMs: Math.max(...answers.map(a => a.ms)),
    perSecond: Math.round(count / (wallMs / 1000)),
    count: (status: number) => answers.filter(a => a.status === status).length
  }
}

test('a frozen Redis (connected, silent) never holds requests behind it: limits count locally within one timeout', async t => {
  const redis = await RedisServer.launch()
  t.teardown(async () => { redis.resume(); await redis.close() })
  const app = await build(t, {
    REDIS_URL: redis.url,
    REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    RATE_LIMIT_READ_MAX: '30',
    RATE_LIMIT_IP_MAX: '100'
  }, app => {
    app.get('/__test/read', { config: { auth: 'reader' } }, async () => ({ ok: true }))
    app.get('/__test/public', { config: { auth: 'public' } }, async () => ({ ok: true }))
  })
  t.ok(await until(() => app.redis.status === 'ready'), 'connected before the freeze')
  const headers = bearer(app, { tenant: 'acme', sub: 'ann', roles: ['reader'] })

  // Frozen before any count: nothing was leased from Redis, so the local windows start at 0 and counts are exact.
  redis.pause()
  const reads = await wave(app, WAVE, '/__test/read', headers)
  t.comment(`frozen, ${WAVE} concurrent reads of one principal: max ${Math.round(reads.maxMs)} ms, ${reads.perSecond} req/s`)
  t.ok(reads.maxMs <= BOUND_MS, `every request answered within ${BOUND_MS} ms (slowest ${Math.round(reads.maxMs)} ms)`)
  t.equal(reads.count(200), 30, 'the principal budget still applies (counted locally)')
  t.equal(reads.count(429), WAVE - 30, 'past it: 429')
  t.equal(app.redis.status, 'ready', 'the connection stayed up: only the breaker kept requests off Redis')
  t.ok(app.rateCounter.breaker.open, 'the breaker is open')
  t.ok(app.rateCounter.fallbacks >= 2 * WAVE, 'IP and principal counted locally')

  const publics = await wave(app, WAVE, '/__test/public')
  t.ok(publics.maxMs <= BOUND_MS, `public requests within ${BOUND_MS} ms too (slowest ${Math.round(publics.maxMs)} ms)`)
  t.equal(publics.count(200), 100 - WAVE, 'the IP limit counts on locally: 60 reads, then 40 more of 100')
  t.equal(publics.count(429), 2 * WAVE - 100)

  // Past the breaker period, still frozen: one trial call pays the timeout, the others keep counting locally.
  await new Promise(resolve => setTimeout(resolve, LIMIT_BREAKER_MS + 100))
  const later = await wave(app, 20, '/__test/public')
  t.ok(later.maxMs <= BOUND_MS, `after the breaker period, within ${BOUND_MS} ms (slowest ${Math.round(later.maxMs)} ms)`)
  t.equal(later.count(429), 20, 'still limited')

  // The same wave with Redis dead, for comparison (reported, not asserted: speed is not a behaviour).
  redis.resume()
  await redis.stop()
  t.ok(await until(() => app.redis.status !== 'ready'), 'the app noticed Redis is gone')
  const dead = await wave(app, WAVE, '/__test/public')
  t.comment(`dead Redis, ${WAVE} concurrent requests: max ${Math.round(dead.maxMs)} ms, ${dead.perSecond} req/s`)
  t.equal(dead.count(429), WAVE, 'the local window carries on')
})

test('Redis answering again: the breaker closes after one trial and counts move back to Redis', async t => {
  const redis = await RedisServer.launch()
  t.teardown(async () => { redis.resume(); await redis.close() })
  const app = await build(t, { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS), RATE_LIMIT_IP_MAX: '1000' }, app => {
    app.get('/__test/public', { config: { auth: 'public' } }, async () => ({ ok: true }))
  })
  t.ok(await until(() => app.redis.status === 'ready'), 'connected')
  redis.pause()
  t.equal((await app.inject({ url: '/__test/public' })).statusCode, 200)
  t.ok(app.rateCounter.breaker.open, 'the timed-out call opened the breaker')
  redis.resume()
  const fallbacks = app.rateCounter.fallbacks
  t.equal((await app.inject({ url: '/__test/public' })).statusCode, 200)
  t.equal(app.rateCounter.fallbacks, fallbacks + 1, 'within the breaker period: counted locally without asking Redis')
  // The trial: the first request after the period goes to Redis, succeeds, and closes the breaker.
  await new Promise(resolve => setTimeout(resolve, LIMIT_BREAKER_MS + 100))
  t.equal((await app.inject({ url: '/__test/public' })).statusCode, 200)
  t.notOk(app.rateCounter.breaker.open, 'closed again')
  t.equal(app.rateCounter.fallbacks, fallbacks + 1, 'the trial was counted in Redis')
  const inspect = redis.client()
  t.teardown(() => { inspect.disconnect() })
  t.ok(Number(await inspect.get(`${app.config.redis.keyPrefix}rl:ip:127.0.0.1`)) >= 1, 'counted in Redis again')
})
