import { test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { bearer, build } from '../../helpers/build.ts'
import { demoCorpus } from '../../../src/demo/corpus.ts'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { migrate, MigrationInProgressError } from '../../../src/search/index/migrate.ts'
import { currentIndex } from '../../../src/search/index/ensure-index.ts'
import { reindexTenant } from '../../../src/search/index/reindex-tenant.ts'
import { NORMALIZER_VERSION } from '../../../src/search/facets/normalize.ts'

test('migrate builds the next version and swaps the aliases while searches and writes go on', async t => {
  const app = await build(t)
  const { es, indices } = app
  const docs = [...demoCorpus({ count: 400 })]
  for (const tenant of ['acme', 'globex']) {
    await bulkIngest(es, indices, tenant, docs.map(({ id, ...input }) => ({ id, input })), 'wait_for')
  }
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const countOf = async (tenant: string) => (await es.count({ index: indices.read, query: { term: { tenant } } })).count
  t.equal(await countOf('acme'), 400)

  // Readers: searches through the read alias must keep answering, never fewer than the untouched documents.
  const control = { stop: false }
  let searches = 0
  const failures: unknown[] = []
  const reader = (async () => {
    while (!control.stop) {
      try {
        const answer = await es.search({ index: indices.read, size: 0, track_total_hits: true, query: { term: { tenant: 'globex' } } })
        if ((answer.hits.total as { value: number }).value !== 400) failures.push(`globex count ${JSON.stringify(answer.hits.total)}`)
        searches++
      } catch (error) { failures.push(error) }
    }
  })()
  // Writers: new documents and deletes of acme during the migration must all be reflected afterwards.
  const written: string[] = []
  const deleted: string[] = []
  const writer = (async () => {
    for (let i = 0; !control.stop; i++) {
      const res = await app.inject({ method: 'PUT', url: `/v1/analyses/during-${i}`, headers: ingester, payload: { caption: `written during migration ${i}`, image_analysis: { environment: { setting: 'Harbor' } } } })
      if (res.statusCode < 300) written.push(`during-${i}`)
      const victim = docs[i]!.id
      const del = await app.inject({ method: 'DELETE', url: `/v1/analyses/${victim}`, headers: ingester })
      if (del.statusCode === 204) deleted.push(victim)
      await sleep(5)
    }
  })()

  const before = await currentIndex(es, indices)
  const report = await migrate(es, indices, { shards: 1 })
  control.stop = true
  await Promise.all([reader, writer])

  t.same(failures, [], 'no search failed or saw a partial index')
  t.ok(searches > 5, `searches kept answering during the migration (${searches})`)
  t.equal(report.from, `${indices.read}-v1`)
  t.equal(report.to, `${indices.read}-v2`)
  t.equal(report.copied >= 800, true)
  const after = await currentIndex(es, indices)
  t.equal(before?.index, `${indices.read}-v1`)
  t.equal(after?.index, `${indices.read}-v2`)
  t.notOk(await es.indices.exists({ index: `${indices.read}-v1` }), 'the old version is removed')
  const aliases = await es.indices.getAlias({ name: `${indices.read}*` })
  t.same(Object.keys(aliases), [`${indices.read}-v2`], 'both aliases on the new version only')

  await es.indices.refresh({ index: indices.read })
  t.ok(written.length > 0 && deleted.length > 0, `writes happened during the migration (${written.length} put, ${deleted.length} deleted)`)
  t.equal(await countOf('acme'), 400 + written.length - deleted.length, 'nothing lost, nothing resurrected')
  t.equal(await countOf('globex'), 400)
  for (const id of written.slice(-3)) {
    t.equal((await app.inject({ method: 'GET', url: `/v1/analyses/${id}`, headers: ingester })).statusCode, 200, `${id} is there`)
  }
  for (const id of deleted.slice(-3)) {
    t.equal((await app.inject({ method: 'GET', url: `/v1/analyses/${id}`, headers: ingester })).statusCode, 404, `${id} stays deleted`)
  }
  const seed = await app.inject({ method: 'GET', url: '/v1/analyses/seed-analysis', headers: bearer(app, { tenant: 'globex', roles: ['reader'] }) })
  t.same(seed.json().facets.lens, ['telephoto'], 'facets re-derived in the new version')
})

test('a leftover next version stops a migration unless forced', async t => {
  const app = await build(t)
  await app.es.indices.create({ index: app.indices.version(2) })
  await t.rejects(migrate(app.es, app.indices, { shards: 1 }), MigrationInProgressError)
  const report = await migrate(app.es, app.indices, { shards: 1, force: true })
  t.equal(report.to, app.indices.version(2))
})

test('an admin re-derives the facets of their own tenant only, in the background', async t => {
  const app = await build(t)
  const { es, indices } = app
  // Documents as an older normalizer would have stored them: facets missing.
  const stale = (tenant: string) => ({ tenant, id: 'old', analysis_text: [], facets: {}, unmapped: {}, normalizer_version: 0, indexed_at: new Date().toISOString(), image_analysis: { environment: { setting: 'Beach / Dunes' } } })
  for (const tenant of ['acme', 'globex']) {
    await es.index({ index: indices.write, id: `${tenant}:old`, routing: tenant, document: stale(tenant), refresh: 'wait_for' })
  }
  const ingesterTry = await app.inject({ method: 'POST', url: '/v1/admin/reindex', headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }) })
  t.equal(ingesterTry.statusCode, 403, 'an ingester cannot reindex')
  const admin = bearer(app, { tenant: 'acme', roles: ['admin'] })
  const none = await app.inject({ method: 'GET', url: '/v1/admin/reindex', headers: admin })
  t.equal(none.statusCode, 404)
  const started = await app.inject({ method: 'POST', url: '/v1/admin/reindex', headers: admin })
  t.equal(started.statusCode, 202)
  t.equal(started.json().state, 'running')
  let state = started.json().state
  for (let i = 0; i < 100 && state === 'running'; i++) {
    await sleep(50)
    state = (await app.inject({ method: 'GET', url: '/v1/admin/reindex', headers: admin })).json().state
  }
  const done = (await app.inject({ method: 'GET', url: '/v1/admin/reindex', headers: admin })).json()
  t.match(done, { state: 'done', rewritten: 1, skipped: 0 })
  const acme = await app.inject({ method: 'GET', url: '/v1/analyses/old', headers: admin })
  t.same(acme.json().facets.setting, ['beach', 'dunes'])
  t.equal(acme.json().normalizer_version, NORMALIZER_VERSION)
  const globex = await es.get<{ normalizer_version: number }>({ index: indices.read, id: 'globex:old', routing: 'globex' })
  t.equal(globex._source?.normalizer_version, 0, 'another tenant is untouched')
})

test('analyses stored by normalizer version 1 get the facets of version 2 by a tenant reindex or a migration', async t => {
  const app = await build(t)
  const { es, indices } = app
  const analysis = {
    technical_aspects: { lens_type: 'Phone main camera, 4.5mm' },
    lighting: { sources: [{ type: 'Sunlight', color: 'Cool blue' }, { type: 'Neon sign', color: 'Warm White / Golden' }] },
    negative_prompt: ['cartoon', 'blurry; low quality']
  }
  // What version 1 stored: ten facets, the focal range rounded outwards, no light sources, no negative facet.
  const facets = { lens: ['ultra-wide'], light_source: ['sunlight', 'neon sign'] }
  const v1 = (tenant: string) => ({ tenant, id: 'v1', analysis_text: [], facets, unmapped: {}, focal_mm: { gte: 4, lte: 5 }, normalizer_version: 1, indexed_at: new Date().toISOString(), image_analysis: analysis })
  for (const tenant of ['acme', 'globex']) await es.index({ index: indices.write, id: `${tenant}:v1`, routing: tenant, document: v1(tenant), refresh: 'wait_for' })
  const total = async (tenant: string, query: string) => (await app.inject({ method: 'GET', url: `/v1/search?${query}`, headers: bearer(app, { tenant, roles: ['reader'] }) })).json().total as number
  const QUERIES = ['negative=cartoon', 'light_color=golden', 'source=type:neon%20sign,color:golden']
  for (const query of QUERIES) t.equal(await total('acme', query), 0, `before: ${query} finds nothing`)
  t.equal(await total('acme', 'focal_mm=4'), 1, 'before: 4.5mm was stored as 4–5')

  // What POST /v1/admin/reindex runs, and the invalidation it is followed by.
  await reindexTenant(es, indices, 'acme')
  await app.tenantWritten('acme')
  for (const query of QUERIES) t.equal(await total('acme', query), 1, `reindexed: ${query}`)
  t.equal(await total('acme', 'source=type:sunlight,color:golden'), 0, 'the golden light is the neon sign\'s')
  t.equal(await total('acme', 'focal_mm=4'), 0, '4.5mm is 4.5, no longer 4–5')
  t.equal(await total('acme', 'focal_mm=4.5'), 1)
  for (const query of QUERIES) t.equal(await total('globex', query), 0, `another tenant is untouched: ${query}`)

  await migrate(es, indices, { shards: 1 })
  await app.tenantWritten('globex')
  for (const query of QUERIES) t.equal(await total('globex', query), 1, `migrated: ${query}`)
  const stored = await es.get<{ normalizer_version: number, facets: Record<string, string[]> }>({ index: indices.read, id: 'globex:v1', routing: 'globex' })
  t.equal(stored._source?.normalizer_version, NORMALIZER_VERSION)
  t.same(stored._source?.facets.negative, ['cartoon', 'blurry', 'low quality'])
})
