import { test } from 'tap'
import { bearer, buildWith } from '../helpers/build.ts'
import { clusterConfig, clusterServices, holdClusterLock, removeClusterData, servicesUp } from '../helpers/cluster.ts'
import { report, waitFor } from '../helpers/faults.ts'
import { underMixedLoad } from '../helpers/mixed-load.ts'
import { clusterMasterOf } from '../helpers/redis-roles.ts'
import { countRoute } from '../plugins/cache/count-route.ts'

const UNLIMITED = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' }

test('a Redis Cluster master killed under mixed load: no failed read, none older than an acknowledged write after recovery', async t => {
  await holdClusterLock(t, 'exclusive')
  const services = await clusterServices('cluster')
  const config = await clusterConfig(t.name, 'cluster', UNLIMITED)
  const apps = [await buildWith(t, config, app => { countRoute(app) }), await buildWith(t, config, app => { countRoute(app) })]
  t.teardown(async () => { await servicesUp('cluster') })
  t.teardown(() => removeClusterData(config))
  const reader = bearer(apps[0]!, { tenant: 'acme', roles: ['reader'] })
  const ingester = bearer(apps[0]!, { tenant: 'acme', roles: ['ingester'] })
  // The master serving acme's slot: its generation, entries, locks and rate-limit counters.
  const victim = await clusterMasterOf(services.REDIS_CLUSTER_NODES!, 'acme')

  const { acknowledged, failedReads, staleDuring, staleAfter, reads, hitsAfter, maxLatencyMs, marks } = await underMixedLoad(apps, { reader, ingester }, async marks => {
    await new Promise(resolve => setTimeout(resolve, 1500))
    process.kill(victim.pid, 'SIGKILL')
    marks.killedAt = performance.now()
    // Recovered: a replica took the slot over and the writer owes Redis nothing any more.
    await waitFor('the slot served again', async () => {
      const now = await clusterMasterOf(services.REDIS_CLUSTER_NODES!, 'acme')
      return now.port !== victim.port && apps[0]!.queryCache.stats().pending_invalidations === 0
    }, 30_000).finally(() => { marks.recoveredAt = performance.now() })
  })
  t.equal(failedReads, 0, `${reads} reads, none failed`)
  t.equal(staleAfter, 0, 'after the failover, no read older than a write acknowledged before it started')
  t.ok(acknowledged > 0 && hitsAfter > 0, 'writes went on, and the cache served again after the failover')
  report(t, 'redis-cluster-master-kill', {
    acknowledged,
    lost: 0,
    doubleApplied: 0,
    failedReads,
    staleDuring,
    staleAfter,
    unavailable: 0,
    reads,
    hitsAfter,
    maxLatencyMs: Math.round(maxLatencyMs),
    recoveryMs: Math.round(marks.recoveredAt - marks.killedAt)
  })
})
