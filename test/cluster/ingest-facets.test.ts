import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { demoCorpus } from '../../src/demo/corpus.ts'
import { normalizeAnalysis } from '../../src/search/facets/normalize.ts'
import type { FacetName } from '../../src/schemas/facets.ts'
import { bearer, buildWith } from '../helpers/build.ts'
import { clusterConfig, holdClusterLock, removeClusterData } from '../helpers/cluster.ts'
import { counts, type SearchBody } from '../fixtures/search-corpus.ts'

const FACETS: FacetName[] = ['setting', 'lens', 'mood']
const PER_TENANT = 150

/** Tenants whose routing lands on three different shards, so the suite covers every shard of the index. */
async function tenantsOnEveryShard (app: FastifyInstance): Promise<string[]> {
  const byShard = new Map<number, string>()
  for (let i = 0; byShard.size < 3 && i < 200; i++) {
    const tenant = `tenant-${i}`
    const found = await app.es.searchShards({ index: app.indices.read, routing: tenant })
    const shard = found.shards[0]![0]!.shard
    if (!byShard.has(shard)) byShard.set(shard, tenant)
  }
  return [...byShard.values()]
}

test('3 nodes, 3 shards, 1 replica: ingestion, exact facet counts, cursor paging', async t => {
  await holdClusterLock(t, 'shared')
  const config = await clusterConfig(t.name, 'cluster')
  const app = await buildWith(t, config)
  t.teardown(() => removeClusterData(config))
  const index = `${app.indices.read}-v1`

  const settings = (await app.es.indices.getSettings({ index }))[index]!.settings!.index!
  t.same([settings.number_of_shards, settings.number_of_replicas, settings.write?.wait_for_active_shards], ['3', '1', '1'],
    'ES_SHARDS=3 and ES_REPLICAS=1 applied; writes wait for the primary')
  await app.es.cluster.health({ index, wait_for_status: 'green', timeout: '60s' })
  const copies = await app.es.cat.shards({ index, format: 'json' }) as Array<{ node: string, prirep: string }>
  t.equal(copies.length, 6, 'three primaries and three replicas')
  t.equal(new Set(copies.map(c => c.node)).size, 3, 'spread over the three nodes')

  const tenants = await tenantsOnEveryShard(app)
  t.equal(tenants.length, 3, 'one tenant per shard')
  const corpus = [...demoCorpus({ count: PER_TENANT * tenants.length })]
  const owned = new Map(tenants.map((tenant, i) => [tenant, corpus.slice(i * PER_TENANT, (i + 1) * PER_TENANT)]))

  for (const [tenant, docs] of owned) {
    const headers = bearer(app, { tenant, roles: ['ingester'] })
    // Single writes for the first ten, bulk for the rest: both paths on the cluster.
    for (const doc of docs.slice(0, 10)) {
      const res = await app.inject({ method: 'PUT', url: `/v1/analyses/${doc.id}`, headers, payload: { caption: doc.caption, image_analysis: doc.image_analysis } })
      t.equal(res.statusCode, 201, `PUT ${doc.id}`)
    }
    const res = await app.inject({
      method: 'POST',
      url: '/v1/analyses/_bulk?refresh=wait_for',
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
      payload: docs.slice(10).map(doc => JSON.stringify(doc)).join('\n') + '\n'
    })
    t.equal(res.statusCode, 200)
    t.same(new Set(res.json().items.map((item: { status: number }) => item.status)), new Set([201]), `${tenant}: every bulk item created`)
  }

  for (const [tenant, docs] of owned) {
    const headers = bearer(app, { tenant, roles: ['reader'] })
    const res = await app.inject({ method: 'GET', url: `/v1/search?facets=${FACETS.join(',')}&facet_size=100&size=0`, headers })
    t.equal(res.statusCode, 200)
    const body = res.json() as SearchBody
    t.equal(body.total, PER_TENANT, `${tenant}: its own documents only`)
    for (const facet of FACETS) {
      // Brute force: the normalizer over the documents this tenant sent, counted here.
      const tally = new Map<string, number>()
      for (const doc of docs) for (const value of normalizeAnalysis(doc.image_analysis).facets[facet]) tally.set(value, (tally.get(value) ?? 0) + 1)
      const expected = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 100).map(([v, c]) => `${v}:${c}`)
      t.same(counts(body.facets?.[facet]), expected, `${tenant}: ${facet} counts are exact`)
    }

    const seen: string[] = []
    let query = '/v1/search?size=17'
    for (let page = 0; page < 20; page++) {
      const pageRes = await app.inject({ method: 'GET', url: query, headers })
      t.equal(pageRes.statusCode, 200)
      const pageBody = pageRes.json() as SearchBody
      seen.push(...pageBody.hits.map(hit => hit.id))
      if (pageBody.next_cursor === null) break
      query = `/v1/search?size=17&cursor=${pageBody.next_cursor}`
    }
    t.equal(seen.length, PER_TENANT, `${tenant}: the cursor walks every document once`)
    t.same(new Set(seen), new Set(docs.map(doc => doc.id)), `${tenant}: exactly its documents`)
  }
})
