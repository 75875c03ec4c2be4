import { test } from 'tap'
import { demoCorpus } from '../../../src/demo/corpus.ts'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { normalizeAnalysis } from '../../../src/search/facets/normalize.ts'
import type { FacetName } from '../../../src/schemas/facets.ts'
import type { NormalizedAnalysis } from '../../../src/search/facets/normalize.ts'
import { buildSearchRequest } from '../../../src/search/query/build-search-request.ts'
import { canonicalQuery } from '../../../src/search/query/canonical-query.ts'
import { FOCAL_BUCKETS } from '../../../src/search/focal-buckets.ts'
import { bearer, build } from '../../helpers/build.ts'
import { counts, type SearchBody } from '../../fixtures/search-corpus.ts'

const SELECTION: Partial<Record<FacetName, string[]>> = { setting: ['beach', 'jungle'], lens: ['telephoto'], mood: ['calm'] }
const FACETS = ['setting', 'lens', 'mood'] as const

test('counts equal brute-force filtering of 2,000 demo documents', async t => {
  const app = await build(t)
  const corpus = [...demoCorpus({ count: 2000 })]
  const outcomes = await bulkIngest(app.es, app.indices, 'demo', corpus.map(doc => ({ id: doc.id, input: doc })), 'wait_for')
  t.equal(outcomes.filter(o => o.ok).length, 2000)
  const docs = corpus.map(doc => ({ id: doc.id, n: normalizeAnalysis(doc.image_analysis) }))

  // A document passes a facet's selection when it has at least one selected value (OR within a facet).
  const passes = (n: NormalizedAnalysis, facet: FacetName) => SELECTION[facet] === undefined || n.facets[facet].some(v => SELECTION[facet]!.includes(v))
  // The disjunctive rule: a facet's counts apply every selection but its own.
  const under = (except?: FacetName) => docs.filter(d => FACETS.every(facet => facet === except || passes(d.n, facet)))
  const expectedCounts = (facet: FacetName, size: number): string[] => {
    const tally = new Map<string, number>()
    for (const d of under(facet)) for (const v of d.n.facets[facet]) tally.set(v, (tally.get(v) ?? 0) + 1)
    const order = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)
    const top = [...tally].sort(order).slice(0, size)
    for (const v of SELECTION[facet] ?? []) if (!top.some(([value]) => value === v)) top.push([v, tally.get(v) ?? 0])
    return top.sort(order).map(([v, c]) => `${v}:${c}${SELECTION[facet]?.includes(v) === true ? '*' : ''}`)
  }

  const sent: Array<{ path: string, querystring: unknown, body: unknown }> = []
  app.es.diagnostic.on('request', (_error, event) => {
    const params = event?.meta.request.params
    if (params?.path.endsWith('/_search') === true) sent.push({ path: params.path, querystring: params.querystring, body: JSON.parse(String(params.body)) })
  })
  const headers = bearer(app, { tenant: 'demo', roles: ['reader'] })

  for (const facetSize of [100, 5]) {
    sent.length = 0
    const query = `setting=Beach&setting=jungle&lens=telephoto&mood=calm&facets=setting,lens,mood,focal_mm&facet_size=${facetSize}&size=100`
    const res = await app.inject({ method: 'GET', url: `/v1/search?${query}`, headers })
    t.equal(res.statusCode, 200)
    const body = res.json() as SearchBody
    const hits = under()
    t.ok(hits.length > 20, `a selection with ${hits.length} hits`)
    t.equal(body.total, hits.length, 'total')
    t.same(body.hits.map(hit => hit.id), hits.map(d => d.id).sort().slice(0, 100), 'the hits (same indexed_at: by id)')
    for (const facet of FACETS) t.same(counts(body.facets?.[facet]), expectedCounts(facet, facetSize), `${facet} counts (facet_size ${facetSize})`)
    const focal = FOCAL_BUCKETS.map(b => hits.filter(d => d.n.focal_mm !== null && d.n.focal_mm.lte >= (b.min ?? 0) && d.n.focal_mm.gte <= (b.max ?? Infinity)).length)
    t.same(body.focal_mm?.map(b => b.count), focal, 'focal buckets')
    t.equal(body.approximate, false)

    t.equal(sent.length, 1, 'ONE Elasticsearch search: hits, facet counts and focal buckets together')
    const expected = buildSearchRequest(canonicalQuery({ filters: SELECTION, facets: ['setting,lens,mood,focal_mm'], facet_size: facetSize, size: 100 }), { index: app.indices.read, tenant: 'demo' })
    const { index, routing, ...expectedBody } = expected
    t.equal(sent[0]!.path, `/${index}/_search`)
    t.equal(sent[0]!.querystring, `routing=${routing}`)
    t.same(sent[0]!.body, expectedBody, 'the body buildSearchRequest builds (shown in build-search-request.test.ts)')
  }
})
