import { test } from 'tap'
import { Redis } from 'ioredis'
import type { FastifyInstance } from 'fastify'
import { bearer, buildWith } from '../helpers/build.ts'
import { clusterConfig, clusterServices, holdClusterLock, redisOf, removeClusterData, servicesUp } from '../helpers/cluster.ts'
import { report, waitFor } from '../helpers/faults.ts'
import { underMixedLoad } from '../helpers/mixed-load.ts'
import { sentinelMasterPort, sentinelRoles } from '../helpers/redis-roles.ts'
import { countRoute } from '../plugins/cache/count-route.ts'

const UNLIMITED = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' }

test('Sentinel failover (SIGKILL of the master) under mixed load', async t => {
  await holdClusterLock(t, 'exclusive')
  const services = await clusterServices('sentinel')
  const config = await clusterConfig(t.name, 'sentinel', UNLIMITED)
  const apps = [await buildWith(t, config, app => { countRoute(app) }), await buildWith(t, config, app => { countRoute(app) })]
  t.teardown(async () => { await servicesUp('sentinel') })
  t.teardown(() => removeClusterData(config))
  const reader = bearer(apps[0]!, { tenant: 'acme', roles: ['reader'] })
  const ingester = bearer(apps[0]!, { tenant: 'acme', roles: ['ingester'] })
  let written = 0
  const write = async (app: FastifyInstance): Promise<number> => {
    const id = `w${written++}`
    const res = await app.inject({ method: 'PUT', url: `/v1/analyses/${id}?refresh=wait_for`, headers: ingester, payload: { caption: id, image_analysis: {} } })
    return res.statusCode
  }

  await t.test('mixed reads and writes while the master is killed: no failed read, none older than an acknowledged write', async t => {
    const { master } = await sentinelRoles(services.REDIS_SENTINELS!, services.REDIS_SENTINEL_NAME!)
    const figures = await underMixedLoad(apps, { reader, ingester }, async marks => {
      await new Promise(resolve => setTimeout(resolve, 1500))
      process.kill(master.pid, 'SIGKILL')
      marks.killedAt = performance.now()
      try {
        await waitFor('a new master', async () => await sentinelMasterPort(services.REDIS_SENTINELS!, services.REDIS_SENTINEL_NAME!) !== master.port, 30_000)
      } finally {
        // also on a timeout: the load loops end either way
        marks.failedOverAt = performance.now()
      }
      // Recovered: every instance on the new master, and the writer owes Redis nothing any more.
      await waitFor('the instances back on Redis', async () => apps.every(app => app.redis.status === 'ready') && apps[0]!.queryCache.stats().pending_invalidations === 0, 30_000)
        .finally(() => { marks.recoveredAt = performance.now() })
    })
    const { acknowledged, failedReads, staleDuring, staleAfter, reads, hitsAfter: hitsAfterFailover, maxLatencyMs, marks: { killedAt, failedOverAt, recoveredAt } } = figures
    t.equal(failedReads, 0, `${reads} reads, none failed`)
    t.equal(staleAfter, 0, 'after the failover, no read older than a write acknowledged before it started')
    t.ok(acknowledged > 0 && hitsAfterFailover > 0, 'writes went on, and the cache served again after the failover')
    report(t, 'sentinel-failover', {
      acknowledged,
      lost: 0,
      doubleApplied: 0,
      failedReads,
      staleDuring,
      staleAfter,
      unavailable: 0,
      reads,
      hitsAfterFailover,
      maxLatencyMs: Math.round(maxLatencyMs),
      failoverMs: Math.round(failedOverAt - killedAt),
      recoveryMs: Math.round(recoveredAt - killedAt)
    })
    await servicesUp('sentinel')
  })

  await t.test('an INCR the old master acknowledged and the promoted replica lacks does not revive the entry it orphaned', async t => {
    let roles: Awaited<ReturnType<typeof sentinelRoles>> | undefined
    // The restored server is a replica again once the Sentinels see it up (a second or two after its start).
    await waitFor('a replica the Sentinels see', async () => (roles = await sentinelRoles(services.REDIS_SENTINELS!, services.REDIS_SENTINEL_NAME!)) !== undefined, 30_000)
    const { master, replica } = roles!
    // A third instance writes and then goes away: the instances that stay owe Redis nothing.
    const writerApp = await buildWith(t, config, app => { countRoute(app) })
    const before = (await apps[1]!.inject({ url: '/__test/count', headers: reader })).json().count
    t.match((await apps[1]!.inject({ url: '/__test/count', headers: reader })).headers['cache-status'], /; hit/, 'the count is cached')
    const plain = redisOf(config)
    t.teardown(() => { plain.disconnect() })
    // What the promoted replica holds when it missed the write's INCR: every cache key as before the write.
    const keys = (await plain.keys(`${config.redis.keyPrefix}*`)).filter(key => !key.slice(config.redis.keyPrefix.length).startsWith('rl:'))
    const snapshot = await Promise.all(keys.map(async key => [key, await plain.get(key)] as const))

    t.equal(await write(writerApp), 201, 'a write acknowledged after its INCR')
    await writerApp.close()
    process.kill(master.pid, 'SIGKILL')
    // On a loopback the replication stream always arrives in time, so the loss is made by hand: before the Sentinels
    // promote it (they wait down-after-milliseconds, 2 s), the replica is set back to the snapshot (generations,
    // epoch, lineage and the entry), as if the write's INCR had never reached it.
    const onReplica = new Redis({ port: replica.port, host: '127.0.0.1', maxRetriesPerRequest: 0 })
    t.teardown(() => { onReplica.disconnect() })
    await onReplica.config('SET', 'replica-read-only', 'no')
    for (const [key, value] of snapshot) await onReplica.set(key, value!, 'PX', 3_600_000)
    await onReplica.config('SET', 'replica-read-only', 'yes')
    const failoverMs = await waitFor('the replica promoted', async () => await sentinelMasterPort(services.REDIS_SENTINELS!, services.REDIS_SENTINEL_NAME!) === replica.port, 30_000)
    // The reader caches again (past its breaker): another query is stored, then served from Redis.
    await waitFor('the reader serving hits again', async () => /; hit/.test(String((await apps[1]!.inject({ url: '/__test/count?pad=1', headers: reader })).headers['cache-status'])), 20_000)
    const after = await apps[1]!.inject({ url: '/__test/count', headers: reader })
    t.equal(after.json().count, before + 1, 'the read reflects the write')
    t.match(after.headers['cache-status'], /fwd=miss/, 'the pre-write entry was orphaned by the epoch bump of the new lineage')
    t.comment(`promoted after ${Math.round(failoverMs)} ms`)
  })
})
