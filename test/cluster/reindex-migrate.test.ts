import { test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { demoCorpus } from '../../src/demo/corpus.ts'
import { migrate } from '../../src/search/index/migrate.ts'
import { NORMALIZER_VERSION } from '../../src/search/facets/normalize.ts'
import { bearer, buildWith } from '../helpers/build.ts'
import { clusterConfig, holdClusterLock, removeClusterData } from '../helpers/cluster.ts'

test('tenant reindex and migration on 3 nodes: every document re-derived, the new version laid out as configured', async t => {
  await holdClusterLock(t, 'shared')
  const config = await clusterConfig(t.name, 'sentinel')
  const app = await buildWith(t, config)
  t.teardown(() => removeClusterData(config))
  const { es, indices } = app
  const docs = [...demoCorpus({ count: 120 })]
  // As an older normalizer would have stored them: no facets. acme gets 100, globex 20.
  const operations = docs.flatMap((doc, i) => {
    const tenant = i < 100 ? 'acme' : 'globex'
    return [{ index: { _index: indices.write, _id: `${tenant}:${doc.id}`, routing: tenant } },
      { tenant, id: doc.id, analysis_text: [], facets: {}, unmapped: {}, normalizer_version: 0, indexed_at: new Date().toISOString(), image_analysis: doc.image_analysis }]
  })
  t.equal((await es.bulk({ operations, refresh: 'wait_for' })).errors, false)

  const admin = bearer(app, { tenant: 'acme', roles: ['admin'] })
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/reindex', headers: admin })).statusCode, 202)
  let job = { state: 'running' } as Record<string, unknown>
  for (let i = 0; i < 400 && job.state === 'running'; i++) {
    await sleep(50)
    job = (await app.inject({ url: '/v1/admin/reindex', headers: admin })).json()
  }
  t.match(job, { state: 'done', rewritten: 100, skipped: 0 })
  await es.indices.refresh({ index: indices.read })
  const version = async (tenant: string) => (await es.search({ index: indices.read, routing: tenant, size: 0, query: { term: { tenant } }, aggs: { v: { terms: { field: 'normalizer_version' } } } }))
    .aggregations as { v: { buckets: Array<{ key: number, doc_count: number }> } }
  t.same((await version('acme')).v.buckets.map(b => [b.key, b.doc_count]), [[NORMALIZER_VERSION, 100]], 'acme: all re-derived')
  t.same((await version('globex')).v.buckets.map(b => [b.key, b.doc_count]), [[0, 20]], 'globex untouched')

  const report = await migrate(es, indices, { shards: 3, replicas: '1', waitForActiveShards: '1' })
  t.match(report, { from: indices.version(1), to: indices.version(2), copied: 120 })
  const settings = (await es.indices.getSettings({ index: report.to }))[report.to]!.settings!.index!
  t.same([settings.number_of_shards, settings.number_of_replicas], ['3', '1'])
  await es.cluster.health({ index: report.to, wait_for_status: 'green', timeout: '60s' })
  t.same((await version('globex')).v.buckets.map(b => [b.key, b.doc_count]), [[NORMALIZER_VERSION, 20]], 'the migration re-derived the rest')
  const res = await app.inject({ url: '/v1/search?size=0&facets=setting', headers: bearer(app, { tenant: 'acme', roles: ['reader'] }) })
  t.equal(res.json().total, 100, 'searches go on through the moved aliases')
  t.ok(res.json().facets.setting.length > 0, 'with the re-derived facets')
})
