import { test } from 'tap'
import { directSearchRequest, searchPath, SEARCH_INPUT, BENCH_TENANT } from '../../bench/search-query.ts'
import { demoCorpus } from '../../src/demo/corpus.ts'
import { bulkIngest } from '../../src/search/analyses/bulk-ingest.ts'
import { bearer, build } from '../helpers/build.ts'

interface Sent { path: string, querystring: unknown, body: string }

// Scenario c compares the service with the same Elasticsearch request sent directly: it must be the same bytes.
test('the direct side of scenario c sends the bytes the service sends', async t => {
  const app = await build(t)
  const docs = [...demoCorpus({ count: 300 })].map(({ id, ...input }) => ({ id, input }))
  await bulkIngest(app.es, app.indices, BENCH_TENANT, docs, 'wait_for')

  const sent: Sent[] = []
  app.es.diagnostic.on('request', (_error, event) => {
    const params = event?.meta.request.params
    if (params?.path.endsWith('/_search') === true) sent.push({ path: params.path, querystring: params.querystring, body: String(params.body) })
  })
  const res = await app.inject({ url: searchPath(), headers: { ...bearer(app, { tenant: BENCH_TENANT, roles: ['reader'] }), 'cache-control': 'no-cache' } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-status'], 'image-analyses; fwd=request')
  t.equal(sent.length, 1, 'one search: the words match, so no typo-widening second request')
  const total = res.json().total as number
  t.ok(total > 0, `the benchmark search finds documents in 300 demo documents (${total})`)

  const direct = await app.es.search(directSearchRequest(app.indices.read))
  t.equal(sent.length, 2)
  t.equal(sent[1]!.path, sent[0]!.path)
  t.equal(sent[1]!.querystring, sent[0]!.querystring, 'routed to the tenant like the service')
  t.equal(sent[1]!.body, sent[0]!.body, 'byte-identical JSON')
  t.equal((direct.hits.total as { value: number }).value, total)
})

test('the benchmark search is q + two facet filters + three facets, in the query string', async t => {
  t.same(Object.keys(SEARCH_INPUT).sort(), ['facets', 'lens', 'mood', 'q'])
  t.equal(searchPath(), '/v1/search?q=woman+street&lens=telephoto&mood=calm&facets=setting%2Clens%2Cmood')
})
