import { test } from 'tap'
import { Redis } from 'ioredis'
import { bearer, build, REDIS_URL } from '../helpers/build.ts'
import { seedAnalysis } from '../helpers/seed.ts'
import { countRoute } from './count-route.ts'

test('every key names its tenant in a hash tag and expires', async t => {
  const app = await build(t, {}, app => { countRoute(app) })
  for (const tenant of ['acme', 'umbrella']) {
    const reader = bearer(app, { tenant, roles: ['reader'] })
    await app.inject({ method: 'GET', url: '/v1/dashboard', headers: reader })
    await app.inject({ method: 'GET', url: '/__test/count', headers: reader })
  }
  await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }), payload: { id: 'a', ...seedAnalysis() } })
  await app.inject({ method: 'GET', url: '/__test/count', headers: bearer(app, { tenant: 'acme', roles: ['reader'] }) })

  const redis = new Redis(REDIS_URL, { lazyConnect: true })
  await redis.connect()
  t.teardown(() => redis.disconnect())
  const prefix = app.config.redis.keyPrefix
  // The rate limiter's `rl:` keys share the prefix; they are not the cache's.
  const keys = (await redis.keys(`${prefix}*`)).map(key => key.slice(prefix.length)).filter(key => !key.startsWith('rl:')).sort()
  t.same(keys.map(key => key.replace(/:[\w-]{22}:\d{16}\.\d{16}$/, ':<digest>:<epoch>.<generation>')), [
    'c:{acme}:dashboard:<digest>:<epoch>.<generation>',
    'c:{acme}:search:<digest>:<epoch>.<generation>',
    'c:{acme}:search:<digest>:<epoch>.<generation>',
    'c:{umbrella}:dashboard:<digest>:<epoch>.<generation>',
    'c:{umbrella}:search:<digest>:<epoch>.<generation>',
    'epoch',
    'gen:{acme}',
    'gen:{umbrella}'
  ], 'c:{tenant}:kind:digest:epoch.generation, gen:{tenant}, and the global epoch')
  const acmeSearch = keys.filter(key => key.startsWith('c:{acme}:search:')).map(key => BigInt(key.split('.').at(-1)!))
  t.equal(acmeSearch[1]! - acmeSearch[0]!, 1n, 'the write advanced the generation by one')
  for (const key of keys) t.ok(await redis.pttl(`${prefix}${key}`) > 0, `${key} has a TTL`)
  t.equal(await redis.get(`${prefix}gen:{acme}`), String(acmeSearch[1]))
})
