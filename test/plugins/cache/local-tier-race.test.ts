import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, buildWith, testConfig } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { until } from '../../helpers/until.ts'
import { countRoute } from './count-route.ts'

const ENV = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' }
const RUN_MS = 25_000

test('two instances: a read on B right after a write acknowledged by A is never older than it', async t => {
  const config = testConfig(t.name, ENV)
  const a = await buildWith(t, config, app => { countRoute(app) })
  const b = await buildWith(t, config, app => { countRoute(app) })
  t.ok(await until(() => a.cacheStats().local_tier === 'on' && b.cacheStats().local_tier === 'on'), 'both tiers serving')
  // The test's own index refreshes every 5 ms, so a `refresh=wait_for` write is acknowledged in a few ms: thousands
  // of write-then-read rounds fit in the run.
  await a.es.indices.putSettings({ index: a.indices.read, settings: { index: { refresh_interval: '5ms' } } })
  const read = async (app: FastifyInstance, tenant: string) => {
    const answer = await app.inject({ method: 'GET', url: '/__test/count', headers: bearer(app, { tenant, roles: ['reader'] }) })
    return { count: answer.statusCode === 200 ? answer.json().count as number : -1, cache: String(answer.headers['cache-status']) }
  }

  const violations: string[] = []
  let rounds = 0
  let local = 0
  const deadline = Date.now() + RUN_MS
  // Tenants write and read side by side (a write waits for a refresh: one tenant alone would do few rounds).
  const writer = async (tenant: string) => {
    const ingester = bearer(a, { tenant, roles: ['ingester'] })
    for (let n = 1; Date.now() < deadline; n++) {
      rounds++
      const created = await a.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: ingester, payload: { id: `doc-${n}`, ...seedAnalysis() } })
      if (created.statusCode !== 201) violations.push(`${tenant} write ${n}: ${created.statusCode}`)
      // Read right after the acknowledgement, then again (served by B's tier while no write intervenes).
      for (let i = 0; i < 3; i++) {
        const seen = await read(b, tenant)
        if (seen.cache.includes('detail=local')) local++
        if (seen.count !== n) violations.push(`${tenant} write ${n}, read ${i}: count ${seen.count} (${seen.cache})`)
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, async (_, i) => await writer(`tenant-${i}`)))
  t.same(violations, [], `no stale answer in ${rounds} rounds`)
  // Thousands on a quiet machine; a loaded Elasticsearch acknowledges refresh=wait_for writes much more slowly.
  t.ok(rounds >= 100, `rounds: ${rounds}`)
  t.ok(local > rounds / 2, `B's tier served between the writes: ${local}`)
  t.ok(b.cacheStats().local_invalidations >= rounds, 'every write invalidated B\'s generation')
})
