import { test } from 'tap'
import { demoCorpus } from '../../src/demo/corpus.ts'
import { bearer, buildWith } from '../helpers/build.ts'
import { clusterConfig, holdClusterLock, removeClusterData, servicesUp } from '../helpers/cluster.ts'
import { primaryNodeOf, report, timed, waitFor } from '../helpers/faults.ts'

const BATCH = 25
const CLIENTS = 2
const LOAD_AFTER_KILL_MS = 12_000

test('kill -9 of the node holding the tenant\'s primary during bulk ingestion: no acknowledged write lost', async t => {
  await holdClusterLock(t, 'exclusive')
  const config = await clusterConfig(t.name, 'cluster', { ES_REQUEST_TIMEOUT_MS: '5000', RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_BULK_DOCS_MAX: '100000000' })
  const app = await buildWith(t, config)
  // Whatever happens below, the cluster is whole again for the next file.
  t.teardown(async () => { await servicesUp('cluster') })
  t.teardown(() => removeClusterData(config))
  const index = `${app.indices.read}-v1`
  await app.es.cluster.health({ index, wait_for_status: 'green', timeout: '60s' })
  const victim = await primaryNodeOf(app.es, index, 'acme')
  const headers = { ...bearer(app, { tenant: 'acme', roles: ['ingester'] }), 'content-type': 'application/x-ndjson' }
  const corpus = [...demoCorpus({ count: 200 })]

  const acknowledged = new Map<string, string>()
  const statuses = new Map<number, number>()
  let firstReportedReplaced = 0
  let maxLatencyMs = 0
  let killedAt = 0
  let batches = 0
  const client = async (c: number): Promise<void> => {
    for (let b = 0; killedAt === 0 || performance.now() - killedAt < LOAD_AFTER_KILL_MS; b++) {
      const docs = Array.from({ length: BATCH }, (_, i) => {
        const id = `c${c}-b${b}-${i}`
        return { id, caption: `caption of ${id}`, image_analysis: corpus[(b * BATCH + i) % corpus.length]!.image_analysis }
      })
      const res = await timed(async () => await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers, payload: docs.map(doc => JSON.stringify(doc)).join('\n') + '\n' }))
      maxLatencyMs = Math.max(maxLatencyMs, res.ms)
      batches++
      if (res.value === undefined) continue
      if (res.value.statusCode !== 200) {
        statuses.set(res.value.statusCode, (statuses.get(res.value.statusCode) ?? 0) + BATCH)
        continue
      }
      for (const item of res.value.json().items as Array<{ id: string, status: number }>) {
        statuses.set(item.status, (statuses.get(item.status) ?? 0) + 1)
        if (item.status < 300) acknowledged.set(item.id, `caption of ${item.id}`)
        // Every id is new: a 200 (replaced) means the item was applied twice (an internal retry).
        if (item.status === 200) firstReportedReplaced++
      }
      if (killedAt === 0 && batches >= 4) {
        process.kill(victim.pid, 'SIGKILL')
        killedAt = performance.now()
      }
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => { await client(c) }))
  t.ok(killedAt > 0, `${victim.name} (pid ${victim.pid}) was killed mid-load`)

  await servicesUp('cluster')
  await waitFor('index green', async () => (await app.es.cluster.health({ index, wait_for_status: 'green', timeout: '1s' })).status === 'green', 120_000)
  const recoveryMs = performance.now() - killedAt
  await app.es.indices.refresh({ index })

  const ids = [...acknowledged.keys()]
  const found = await app.es.mget<{ tenant: string, id: string, caption?: string }>({ index: app.indices.read, docs: ids.map(id => ({ _id: `acme:${id}`, routing: 'acme' })) })
  const lost = found.docs.filter((doc, i) => !('found' in doc) || !doc.found || doc._source?.caption !== acknowledged.get(ids[i]!)).length
  t.equal(lost, 0, `every one of the ${ids.length} acknowledged items is stored with its content`)
  t.ok(ids.length > CLIENTS * BATCH, 'writes were acknowledged around the kill')
  for (const id of ids.slice(-5)) {
    const res = await app.inject({ url: `/v1/analyses/${id}`, headers: bearer(app, { tenant: 'acme', roles: ['reader'] }) })
    t.equal(res.statusCode, 200, `GET ${id} after recovery`)
    t.equal(res.json().caption, acknowledged.get(id))
  }
  const unexpected = [...statuses.keys()].filter(status => ![200, 201, 503].includes(status))
  t.same(unexpected, [], 'items are stored (201/200) or refused as unavailable (503), nothing else')
  report(t, 'es-kill', {
    acknowledged: ids.length,
    lost,
    doubleApplied: firstReportedReplaced,
    failedReads: 0,
    unavailable: statuses.get(503) ?? 0,
    maxLatencyMs: Math.round(maxLatencyMs),
    recoveryMs: Math.round(recoveryMs),
    batches
  })
})
