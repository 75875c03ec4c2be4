import { test } from 'tap'
import { Cluster } from 'ioredis'
import { bearer, buildWith } from '../helpers/build.ts'
import { clusterConfig, holdClusterLock, keysOf, redisOf, removeClusterData, type RedisTopology } from '../helpers/cluster.ts'
import { countRoute } from '../plugins/cache/count-route.ts'
import { until } from '../helpers/until.ts'

const TOPOLOGIES: RedisTopology[] = ['cluster', 'sentinel']

for (const topology of TOPOLOGIES) {
  test(`Redis ${topology}: hit after miss, one computation across two instances, fresh after a write`, async t => {
    await holdClusterLock(t, 'shared')
    const config = await clusterConfig(`${t.name}-${topology}`, topology, { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000' })
    const runs = [{ runs: 0 }, { runs: 0 }]
    // Two instances on one prefix: the Redis lock, not only the in-process single flight, must collapse the misses.
    const apps = [await buildWith(t, config, app => { countRoute(app, runs[0], 300) }), await buildWith(t, config, app => { countRoute(app, runs[1], 300) })]
    t.teardown(() => removeClusterData(config))
    const reader = bearer(apps[0]!, { tenant: 'acme', roles: ['reader'] })
    const ingester = bearer(apps[0]!, { tenant: 'acme', roles: ['ingester'] })

    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => apps[i % 2]!.inject({ url: '/__test/count', headers: reader })))
    t.ok(burst.every(res => res.statusCode === 200 && res.json().count === 0), 'every answer served')
    t.equal(runs[0]!.runs + runs[1]!.runs, 1, '40 concurrent misses on two instances: computed once')
    t.equal(burst.filter(res => res.headers['cache-status'] === 'image-analyses; fwd=miss; collapsed').length, 39)
    // Tracking is per master: the in-process tier is off in Cluster mode (docs/cache.md), on with Sentinel.
    if (topology === 'cluster') t.equal(apps[0]!.cacheStats().local_tier, 'disabled')
    else t.ok(await until(() => apps.every(app => app.cacheStats().local_tier === 'on')), 'the tier serves through Sentinel')
    for (const app of apps) {
      const hit = await app.inject({ url: '/__test/count', headers: reader })
      t.match(hit.headers['cache-status'], /^image-analyses; hit/, 'then a hit on either instance')
    }

    const write = await apps[0]!.inject({ method: 'PUT', url: '/v1/analyses/one?refresh=wait_for', headers: ingester, payload: { caption: 'a harbor', image_analysis: {} } })
    t.equal(write.statusCode, 201)
    const after = await apps[1]!.inject({ url: '/__test/count', headers: reader })
    t.match(after.headers['cache-status'], /fwd=miss/, 'the write on one instance moved the generation for the other')
    t.equal(after.json().count, 1, 'the very next read, on the other instance, reflects the write')

    if (topology === 'cluster') {
      // Multi-key commands (MGET of generation and entry) and scripts (store, lock) need one slot per tenant.
      const keys = (await keysOf(config)).filter(key => key.includes('{acme}'))
      t.ok(keys.some(key => key.includes('gen:{acme}')) && keys.some(key => key.includes('c:{acme}')), `the tenant's generation and entries (${keys.length} keys)`)
      const redis = redisOf(config) as Cluster
      const slots = new Set(await Promise.all(keys.map(async key => await redis.cluster('KEYSLOT', key))))
      redis.disconnect()
      t.equal(slots.size, 1, 'every key of one tenant hashes to one slot')
    }
  })

  test(`Redis ${topology}: a read budget is shared by two instances, exactly`, async t => {
    await holdClusterLock(t, 'shared')
    const config = await clusterConfig(`${t.name}-${topology}`, topology, { RATE_LIMIT_IP_MAX: '1000', RATE_LIMIT_READ_MAX: '5' })
    const apps = [await buildWith(t, config, app => { countRoute(app) }), await buildWith(t, config, app => { countRoute(app) })]
    t.teardown(() => removeClusterData(config))
    const reader = bearer(apps[0]!, { tenant: 'acme', sub: 'one', roles: ['reader'] })
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => apps[i % 2]!.inject({ url: '/__test/count', headers: reader })))
    t.same(burst.map(res => res.statusCode).sort(), [...Array(5).fill(200), ...Array(7).fill(429)], 'the budget of 5 served in total, counted in Redis')
    for (const res of burst.filter(res => res.statusCode === 429)) t.match(res.json(), { status: 429, code: 'RATE_LIMITED' })
    const other = await apps[1]!.inject({ url: '/__test/count', headers: bearer(apps[0]!, { tenant: 'acme', sub: 'two', roles: ['reader'] }) })
    t.equal(other.statusCode, 200, 'another principal has its own budget')
  })
}
