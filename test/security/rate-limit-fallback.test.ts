import { test } from 'tap'
import { bearer, build } from '../helpers/build.ts'
import { RedisServer } from '../helpers/redis-server.ts'
import { until } from '../helpers/until.ts'

test('Redis away: limits keep working on local counts, and return to Redis when it is back', async t => {
  const redis = await RedisServer.launch()
  t.teardown(() => redis.close())
  const app = await build(t, { REDIS_URL: redis.url, RATE_LIMIT_READ_MAX: '3', RATE_LIMIT_IP_MAX: '50' }, app => {
    app.get('/__test/read', { config: { auth: 'reader' } }, async () => ({ ok: true }))
    app.get('/__test/public', { config: { auth: 'public' } }, async () => ({ ok: true }))
  })
  const headers = bearer(app, { tenant: 'acme', sub: 'ann', roles: ['reader'] })
  const read = async () => (await app.inject({ url: '/__test/read', headers })).statusCode
  const readKey = `${app.config.redis.keyPrefix}rl:p:read:acme:ann`
  const inspect = redis.client()

  t.same([await read(), await read()], [200, 200])
  t.equal(await inspect.get(readKey), '2', 'counted in Redis')
  t.equal(app.rateCounter.fallbacks, 0)
  inspect.disconnect()

  await redis.stop()
  t.ok(await until(() => app.redis.status !== 'ready'), 'the app noticed')
  const during = [await read(), await read(), await read(), await read()]
  t.same(during, [200, 200, 200, 429], 'local window: three reads (the Redis count is out of reach), then refused')
  t.ok(app.rateCounter.fallbacks >= 4, 'counted locally')
  const publicRes = await app.inject({ url: '/__test/public' })
  t.equal(publicRes.statusCode, 200)
  // Before the outage the IP count reserved a small lease in Redis; the outage spends it, then counts locally.
  t.ok(Number(publicRes.headers['ratelimit-remaining']) <= 50 - 1 - 4, 'the IP limit counts on too (4 reads + this one since the outage)')

  const fallbacks = app.rateCounter.fallbacks
  await redis.start()
  t.ok(await until(() => app.redis.status === 'ready', 15_000), 'the app reconnected')
  t.equal(await read(), 200, 'a fresh Redis: the window starts again there')
  const back = redis.client()
  t.equal(await back.get(readKey), '1', 'counted in Redis again')
  t.equal(app.rateCounter.fallbacks, fallbacks, 'no more local counts')
  t.same([await read(), await read(), await read()], [200, 200, 429], 'and limited from Redis')
  back.disconnect()
})
