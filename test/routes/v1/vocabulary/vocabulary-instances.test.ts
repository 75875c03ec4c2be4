import { test } from 'tap'
import { demoCorpus } from '../../../../src/demo/corpus.ts'
import { bulkIngest } from '../../../../src/search/analyses/bulk-ingest.ts'
import { bearer, buildWith, testConfig } from '../../../helpers/build.ts'
import { until } from '../../../helpers/until.ts'

const URL = '/v1/admin/vocabulary'

test('two instances: once a PUT on one is acknowledged, the other derives, filters and searches with it; a job cut short resumes at start', async t => {
  const config = testConfig(t.name)
  const a = await buildWith(t, config)
  const b = await buildWith(t, config)
  const headers = bearer(a, { tenant: 'demo', roles: ['admin'] })
  const get = async (app: typeof a, url: string) => (await app.inject({ method: 'GET', url, headers })).json()
  const corpus = [...demoCorpus({ count: 120 })]
  await bulkIngest(a.es, a.indices, 'demo', corpus.map(doc => ({ id: doc.id, input: doc })), 'wait_for')

  // B answers (and caches) before the change. A trailing space: the whole word woods, not a start of one as you type.
  const woodsBefore = await b.inject({ method: 'GET', url: '/v1/search?q=woods%20&size=3', headers })
  t.equal(woodsBefore.json().total, 0, 'no analysis says woods')
  t.equal((await b.inject({ method: 'GET', url: '/v1/search?q=woods%20&size=3', headers })).headers['cache-status']?.toString().includes('hit'), true, 'and B serves it from the cache')
  const outdoor = (await get(b, '/v1/search?environment=outdoor&size=0')).total as number

  // A's job is held: the documents keep their old derivation while B answers.
  a.vocabularyJobs.gate = async () => await new Promise(() => {})
  const put = await a.inject({ method: 'PUT', url: URL, headers, payload: { merge: { environment: { exterior: 'outdoor' } }, synonyms: [['woods', 'forest']] } })
  t.equal(put.statusCode, 202)

  const woods = await b.inject({ method: 'GET', url: '/v1/search?q=woods%20&size=50&fields=highlight', headers })
  const forest = (await get(b, '/v1/search?q=forest&size=0')).total as number
  t.ok(forest > 0)
  t.equal(woods.json().total, forest, 'B: q=woods finds the forest analyses at once (its cached answer was invalidated)')
  t.match(JSON.stringify(woods.json().hits.map((hit: { highlight?: unknown }) => hit.highlight)), /<em>forest<\/em>/i, 'highlighted')
  const exterior = (await get(b, '/v1/search?environment=exterior&size=0')).total as number
  t.ok(exterior > outdoor, 'B: exterior selects outdoor and exterior analyses, though none is re-derived yet')
  t.equal((await get(b, '/v1/search?environment=outdoor&size=0')).total, exterior, 'B: outdoor the same')

  // A write through B derives with the new merges.
  const doc = corpus.find(d => JSON.stringify(d.image_analysis).toLowerCase().includes('"exterior'))!
  const written = await b.inject({ method: 'PUT', url: `/v1/analyses/${doc.id}?refresh=wait_for`, headers, payload: { caption: doc.caption, image_analysis: doc.image_analysis } })
  t.equal(written.statusCode, 200)
  t.ok(written.json().facets.environment.includes('outdoor') && !written.json().facets.environment.includes('exterior'), 'B stores outdoor, not exterior')

  // A dies with its job unfinished; a new instance resumes it from what the documents say.
  await a.close()
  t.equal((await get(b, URL)).rederivation.state, 'running')
  const c = await buildWith(t, config)
  t.ok(await until(() => c.vocabularyJobs.job('demo') !== undefined, 10_000), 'the new instance resumed the job')
  await c.vocabularyJobs.settled('demo')
  const done = await get(c, URL)
  t.equal(done.rederivation.state, 'done')
  t.equal(done.rederivation.pending, 0)
  const counts = await get(b, '/v1/search?size=0&facets=environment&facet_size=50')
  t.notOk(counts.facets.environment.some((v: { value: string }) => v.value === 'exterior'), 'exact counts: exterior is gone')
  t.equal(counts.facets.environment.find((v: { value: string }) => v.value === 'outdoor').count, exterior, 'outdoor counts both')
})
