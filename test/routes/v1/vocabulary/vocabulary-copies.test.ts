import { test } from 'tap'
import { demoCorpus } from '../../../../src/demo/corpus.ts'
import { bulkIngest } from '../../../../src/search/analyses/bulk-ingest.ts'
import { bearer, buildWith, testConfig } from '../../../helpers/build.ts'
import { until } from '../../../helpers/until.ts'

test('computed answers reuse the tenant\'s vocabulary while the tier proves it current; a change acknowledged on another instance is used at once', async t => {
  const config = testConfig(t.name)
  const a = await buildWith(t, config)
  const b = await buildWith(t, config)
  const headers = bearer(a, { tenant: 'demo', roles: ['admin'] })
  const corpus = [...demoCorpus({ count: 120 })]
  await bulkIngest(a.es, a.indices, 'demo', corpus.map(doc => ({ id: doc.id, input: doc })), 'wait_for')
  let vocabularyReads = 0
  b.es.diagnostic.on('request', (_error, event) => {
    if (/-vocabulary\/_doc\/demo$/.test(event?.meta.request.params.path ?? '')) vocabularyReads++
  })
  // Computed every time (no-cache): only the vocabulary may be reused.
  const search = async (q: string) => (await b.inject({ method: 'GET', url: `/v1/search?q=${q}&size=0`, headers: { ...headers, 'cache-control': 'no-cache' } })).json().total as number
  t.ok(await until(() => b.cacheStats().local_tier === 'on', 10_000), 'B tracks its keys')

  t.equal(await search('woods%20'), 0, 'no analysis says woods')
  const first = vocabularyReads
  t.equal(first, 1, 'the first computed answer reads the vocabulary')
  await search('woods%20')
  await search('harbor')
  t.equal(vocabularyReads, first, 'the next ones use the copy: no read')

  let etag: string | undefined
  for (let round = 1; round <= 3; round++) {
    const synonyms = round % 2 === 1 ? [['woods', 'forest']] : []
    const put = await a.inject({ method: 'PUT', url: '/v1/admin/vocabulary', headers: { ...headers, ...(etag === undefined ? {} : { 'if-match': etag }) }, payload: { synonyms } })
    t.equal(put.statusCode, 200, `round ${round}: the change is acknowledged on A`)
    etag = String(put.headers.etag)
    const reads = vocabularyReads
    const forest = await search('forest')
    t.equal(await search('woods%20'), synonyms.length > 0 ? forest : 0, `round ${round}: B's very next answer uses the new synonyms`)
    t.ok(vocabularyReads > reads, `round ${round}: B read the vocabulary again`)
  }

  const reads = vocabularyReads
  await b.inject({ method: 'PUT', url: `/v1/analyses/${corpus[0]!.id}`, headers, payload: { caption: corpus[0]!.caption, image_analysis: corpus[0]!.image_analysis } })
  await search('harbor')
  t.ok(vocabularyReads > reads, 'any write of the tenant drops the copy')
})
