import { test } from 'tap'
import { loadDemoWhenEmpty } from '../../../../src/demo/load-demo.ts'
import { ensureStarterVocabulary, STARTER_VOCABULARY } from '../../../../src/demo/starter-vocabulary.ts'
import { vocabularyIssues } from '../../../../src/search/vocabulary/validate-vocabulary.ts'
import { bearer, build } from '../../../helpers/build.ts'

test('the demo\'s starter vocabulary is valid, stored once, and the demo counts merged values', async t => {
  t.same(vocabularyIssues(STARTER_VOCABULARY), [], 'passes the PUT\'s own validation')
  const app = await build(t)
  // As scripts/demo-server.ts does: the vocabulary, then the documents (derived with it).
  t.equal(await ensureStarterVocabulary(app.es, app.indices, 'demo'), true)
  app.vocabularyJobs.start('demo')
  t.equal(await loadDemoWhenEmpty(app.es, app.indices, 'demo', 500), 500)
  await app.vocabularyJobs.settled('demo')
  t.equal(await ensureStarterVocabulary(app.es, app.indices, 'demo'), false, 'a second start leaves it alone')

  const headers = bearer(app, { tenant: 'demo', roles: ['admin'] })
  const get = async (url: string) => (await app.inject({ method: 'GET', url, headers })).json()
  const vocabulary = await get('/v1/admin/vocabulary')
  t.equal(vocabulary.version, 1)
  t.equal(vocabulary.rederivation.state, 'done')
  const counts = await get('/v1/search?size=0&facets=environment,mood,camera_angle&facet_size=100')
  const values = (facet: string) => counts.facets[facet].map((c: { value: string }) => c.value)
  for (const [facet, map] of Object.entries(STARTER_VOCABULARY.merge)) {
    for (const [source, target] of Object.entries(map)) {
      t.notOk(values(facet).includes(source), `${facet}: no ${source}`)
      t.ok(values(facet).includes(target), `${facet}: ${target}`)
    }
  }
  t.equal((await get('/v1/search?environment=exterior&size=0')).total, (await get('/v1/search?environment=outdoor&size=0')).total)
  const woods = (await get('/v1/search?q=woods&size=0')).total
  t.ok(woods > 0, `q=woods finds ${woods} forest analyses`)
  t.equal(woods, (await get('/v1/search?q=forest&size=0')).total, 'as many as q=forest (no analysis says woods or woodland)')
  t.equal((await get('/v1/dashboard')).unmapped.camera_angle.documents, 0, 'the unmapped camera angle is mapped now')
})
