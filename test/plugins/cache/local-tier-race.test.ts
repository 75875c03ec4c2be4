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
  // The test's own index refreshes every 5 ms: a `refresh=wait_for` write waits for Elasticsearch's work, not for
  // the default 1 s refresh.
  await a.es.indices.putSettings({ index: a.indices.read, settings: { index: { refresh_interval: '5ms' } } })
  const read = async (app: FastifyInstance, tenant: string) => {
    const answer = await app.inject({ method: 'GET', url: '/__test/count', headers: bearer(app, { tenant, roles: ['reader'] }) })
    return { count: answer.statusCode === 200 ? answer.json().count as number : -1, cache: String(answer.headers['cache-status']) }
  }

  const violations: string[] = []
  let rounds = 0
  let reads = 0
  let local = 0
  const deadline = Date.now() + RUN_MS
  const check = async (tenant: string, floor: number, exact: boolean, what: string) => {
    const seen = await read(b, tenant)
    reads++
    if (seen.cache.includes('detail=local')) local++
    if (exact ? seen.count !== floor : seen.count < floor) violations.push(`${tenant} ${what}: count ${seen.count} after ${floor} acknowledged writes (${seen.cache})`)
  }
  // Per tenant: a writer on A that reads on B right after each acknowledgement (exactly its count), and a reader
  // on B all along (never fewer than the writes acknowledged before the read started). Tenants run side by side:
  // a `refresh=wait_for` write takes long on a loaded Elasticsearch.
  const tenant = async (name: string) => {
    const ingester = bearer(a, { tenant: name, roles: ['ingester'] })
    let acknowledged = 0
    const writer = async () => {
      for (let n = 1; Date.now() < deadline; n++) {
        const created = await a.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: ingester, payload: { id: `doc-${n}`, ...seedAnalysis() } })
        if (created.statusCode !== 201) violations.push(`${name} write ${n}: ${created.statusCode}`)
        acknowledged = n
        rounds++
        await check(name, n, true, `right after write ${n}`)
      }
    }
    const reader = async () => {
      while (Date.now() < deadline) await check(name, acknowledged, false, 'reader')
    }
    await Promise.all([writer(), reader()])
  }
  await Promise.all(Array.from({ length: 8 }, async (_, i) => await tenant(`tenant-${i}`)))
  t.same(violations, [], `no stale answer in ${reads} reads around ${rounds} writes`)
  t.ok(reads >= 2000 && rounds >= 50, `thousands of reads checked: ${reads}, writes: ${rounds}`)
  t.ok(local > reads / 2, `B's tier served most of them: ${local}`)
  t.ok(b.cacheStats().local_invalidations >= rounds, 'every write invalidated B\'s generation')
})
