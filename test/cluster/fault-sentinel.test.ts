import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, buildWith } from '../helpers/build.ts'
import { clusterConfig, clusterServices, holdClusterLock, removeClusterData, servicesUp } from '../helpers/cluster.ts'
import { report, timed, waitFor } from '../helpers/faults.ts'
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
    let acknowledged = 0
    let failedReads = 0
    // Stale while the writer could not reach Redis but the reader could (docs/cache.md, residual window) / after.
    let staleDuring = 0
    let staleAfter = 0
    let reads = 0
    let hitsAfterFailover = 0
    let maxLatencyMs = 0
    let killedAt = 0
    let failedOverAt = 0
    let recoveredAt = 0
    const running = () => recoveredAt === 0 || performance.now() - recoveredAt < 4000
    const writer = async (): Promise<void> => {
      while (running()) {
        if (await write(apps[0]!) === 201) acknowledged++
      }
    }
    const readLoop = async (app: FastifyInstance): Promise<void> => {
      while (running()) {
        const floor = acknowledged
        const after = recoveredAt > 0
        const res = await timed(async () => await app.inject({ url: '/__test/count', headers: reader }))
        reads++
        maxLatencyMs = Math.max(maxLatencyMs, res.ms)
        if (res.value?.statusCode !== 200) failedReads++
        else if (res.value.json().count < floor) after ? staleAfter++ : staleDuring++
        else if (failedOverAt > 0 && /; hit/.test(String(res.value.headers['cache-status']))) hitsAfterFailover++
      }
    }
    const fault = async (): Promise<void> => {
      await new Promise(resolve => setTimeout(resolve, 1500))
      process.kill(master.pid, 'SIGKILL')
      killedAt = performance.now()
      try {
        await waitFor('a new master', async () => await sentinelMasterPort(services.REDIS_SENTINELS!, services.REDIS_SENTINEL_NAME!) !== master.port, 30_000)
      } finally {
        // also on a timeout: the load loops end either way
        failedOverAt = performance.now()
      }
      // Recovered: every instance on the new master, and the writer owes Redis nothing any more.
      await waitFor('the instances back on Redis', async () => apps.every(app => app.redis.status === 'ready') && apps[0]!.queryCache.stats().pending_invalidations === 0, 30_000)
        .finally(() => { recoveredAt = performance.now() })
    }
    await Promise.all([writer(), readLoop(apps[0]!), readLoop(apps[1]!), readLoop(apps[1]!), fault()])
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
})
