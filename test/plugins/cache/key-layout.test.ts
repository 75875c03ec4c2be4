import { test } from 'tap'
import { Redis } from 'ioredis'
import { bearer, build, REDIS_URL } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { countRoute } from './count-route.ts'

test('every key names its tenant in a hash tag and expires', async t => {
  const app = await build(t, {}, app => { countRoute(app) })
  for (const tenant of ['acme', 'umbrella']) {
    const reader = bearer(app, { tenant, roles: ['reader'] })
    await app.inject({ method: 'GET', url: '/v1/dashboard', headers: reader })
    await app.inject({ method: 'GET', url: '/__test/count', headers: reader })
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true })
  await redis.connect()
  t.teardown(() => redis.disconnect())
  const prefix = app.config.redis.keyPrefix
  const before = BigInt(await redis.get(`${prefix}gen:{acme}`) ?? '')
  await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }), payload: { id: 'a', ...seedAnalysis() } })
  await app.inject({ method: 'GET', url: '/__test/count', headers: bearer(app, { tenant: 'acme', roles: ['reader'] }) })

  // The lineage is recorded in the background once the client is ready (generations.ts): a bounded wait for it.
  for (let i = 0; i < 200 && await redis.exists(`${prefix}lineage`) === 0; i++) await new Promise(resolve => setTimeout(resolve, 25))
  // The rate limiter's `rl:` keys share the prefix; they are not the cache's.
  const keys = (await redis.keys(`${prefix}*`)).map(key => key.slice(prefix.length)).filter(key => !key.startsWith('rl:')).sort()
  t.same(keys.map(key => key.replace(/:[\w-]{22}:\d{16}$/, ':<digest>:<epoch>')), [
    'c:{acme}:dashboard:<digest>:<epoch>',
    'c:{acme}:search:<digest>:<epoch>',
    'c:{umbrella}:dashboard:<digest>:<epoch>',
    'c:{umbrella}:search:<digest>:<epoch>',
    'epoch',
    'gen:{acme}',
    'gen:{umbrella}',
    'lineage'
  ], 'c:{tenant}:kind:digest:epoch, gen:{tenant}, the global epoch and the master\'s lineage')
  const generation = await redis.get(`${prefix}gen:{acme}`)
  t.equal(BigInt(generation ?? '') - before, 1n, 'the write advanced the generation by one')
  const search = keys.find(key => key.startsWith('c:{acme}:search:'))!
  t.equal((await redis.get(`${prefix}${search}`))?.split('\n')[0], generation, 'the entry read after the write is of the new generation')
  for (const key of keys) t.ok(await redis.pttl(`${prefix}${key}`) > 0, `${key} has a TTL`)
})
