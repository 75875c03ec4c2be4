import { test, type Test } from 'tap'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { build } from '../helpers/build.ts'
import { counts, type FacetCountBody, type SearchBody } from '../fixtures/search-corpus.ts'
import { concrete, registeredRoutes } from './support.ts'
import { CORPUS, expectedCounts, expectedFocal, foreignWords, loadIsolationCorpus, MARKERS, model, other, plain, TENANTS, tokens, type CorpusTenant } from './isolation-fixtures.ts'

// API1 (BOLA) and API3: two tenants with the same ids and overlapping vocabulary; every route, both directions.
type Headers = Record<string, string>
const env = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' }
const SHARED = ['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07']
const ONLY: Record<CorpusTenant, string> = { acme: 'a08', rival: 'rx1' }

function problem (t: Test, res: LightMyRequestResponse, status: number, code: string, what: string): void {
  const got = { status: res.statusCode, problemJson: /^application\/problem\+json/.test(String(res.headers['content-type'])), code: parse(res).code }
  t.same(got, { status, problemJson: true, code }, `${what}: ${status} ${code} problem`)
}

function parse (res: LightMyRequestResponse): Record<string, any> {
  try { return res.json() } catch { return {} }
}

async function setUp (t: Test) {
  const app = await build(t, env)
  await loadIsolationCorpus(app)
  return { app, tok: tokens(app) }
}

/** Status, ETag and caption of each of a tenant's documents, read through the API as that tenant. */
async function snapshot (app: FastifyInstance, headers: Headers, ids: string[]) {
  const out: Record<string, unknown> = {}
  for (const id of ids) {
    const res = await app.inject({ url: `/v1/analyses/${id}`, headers })
    out[id] = res.statusCode === 200 ? { etag: res.headers.etag, caption: res.json().caption, analysis: res.json().image_analysis } : res.statusCode
  }
  return out
}

test('analyses by id: another tenant\'s ids are absent, shared ids are one\'s own', async t => {
  const { app, tok } = await setUp(t)
  const write = (tenant: CorpusTenant, method: InjectOptions['method'], url: string, payload?: unknown, headers: Headers = {}) =>
    app.inject({ method, url, headers: { ...tok[tenant].ingester, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
  const rivalIds = model('rival').ids

  await t.test('an id only the other tenant has looks exactly like an id nobody has: 404, never 403', async t => {
    const before = await snapshot(app, tok.rival.reader, rivalIds)
    for (const tenant of TENANTS) {
      const theirs = ONLY[other(tenant)]
      const shape = (res: LightMyRequestResponse, id: string) => ({ ...res.json(), instance: '-', detail: res.json().detail.replace(id, '<id>') })
      for (const [method, role] of [['GET', 'reader'], ['GET', 'admin'], ['DELETE', 'ingester']] as const) {
        const res = await app.inject({ method, url: `/v1/analyses/${theirs}`, headers: tok[tenant][role] })
        problem(t, res, 404, 'NOT_FOUND', `${tenant} ${role} ${method} ${theirs}`)
        const nobody = await app.inject({ method, url: '/v1/analyses/nobody-has-it', headers: tok[tenant][role] })
        t.same(shape(res, theirs), shape(nobody, 'nobody-has-it'), `${tenant} ${role} ${method}: the same answer as for an unknown id`)
      }
      // A reader's delete is refused for its role, whoever holds the id: the 403 is no existence oracle either.
      const denied = await app.inject({ method: 'DELETE', url: `/v1/analyses/${theirs}`, headers: tok[tenant].reader })
      const deniedNobody = await app.inject({ method: 'DELETE', url: '/v1/analyses/nobody-has-it', headers: tok[tenant].reader })
      t.same([denied.statusCode, denied.json().detail], [403, deniedNobody.json().detail], `${tenant}: a reader's delete is the same 403 either way`)
      problem(t, await write(tenant, 'PUT', `/v1/analyses/${theirs}`, { image_analysis: {} }, { 'if-match': '*' }), 412, 'PRECONDITION_FAILED', `${tenant} PUT If-Match: * on ${theirs} (must exist in one's own tenant)`)
    }
    t.same(await snapshot(app, tok.rival.reader, rivalIds), before, 'rival\'s documents untouched')
  })

  await t.test('a shared id reads as one\'s own document', async t => {
    for (const tenant of TENANTS) {
      for (const id of SHARED) {
        const res = await app.inject({ url: `/v1/analyses/${id}`, headers: tok[tenant].reader })
        t.equal(res.statusCode, 200)
        t.equal(res.json().caption, model(tenant).captions.get(id), `${tenant} ${id}: own caption`)
        t.same(foreignWords(tenant, res.body), [], `${tenant} ${id}: nothing of ${other(tenant)}`)
      }
    }
  })

  await t.test('PUT and DELETE on shared ids, and PUT on rival\'s own id, change only acme\'s documents', async t => {
    const before = await snapshot(app, tok.rival.reader, rivalIds)
    const replaced = await write('acme', 'PUT', '/v1/analyses/a01', { caption: `replaced ${MARKERS.acme}`, image_analysis: { environment: { setting: 'Harbor' } } })
    t.same([replaced.statusCode, replaced.json().created], [200, false], 'PUT a01 replaced acme\'s a01')
    t.equal((await write('acme', 'DELETE', '/v1/analyses/a02')).statusCode, 204)
    const created = await write('acme', 'PUT', '/v1/analyses/rx1', { caption: `acme's own rx1 ${MARKERS.acme}`, image_analysis: {} })
    t.same([created.statusCode, created.json().created], [201, true], 'PUT rx1 created acme\'s own rx1')
    t.same(await snapshot(app, tok.rival.reader, rivalIds), before, 'rival\'s documents: same ETags and content')
    const acme = await snapshot(app, tok.acme.reader, ['a01', 'a02', 'rx1'])
    t.match(acme, { a01: { caption: `replaced ${MARKERS.acme}` }, a02: 404, rx1: { caption: `acme's own rx1 ${MARKERS.acme}` } })
  })

  await t.test('a bulk of acme with rival\'s ids changes only acme\'s documents', async t => {
    const before = await snapshot(app, tok.rival.reader, rivalIds)
    const ids = rivalIds
    const lines = ids.map(id => JSON.stringify({ id, caption: `bulk ${id} ${MARKERS.acme}`, image_analysis: { environment: { setting: 'Harbor' } } })).join('\n')
    const res = await write('acme', 'POST', '/v1/analyses/_bulk?refresh=wait_for', lines, { 'content-type': 'application/x-ndjson' })
    t.equal(res.statusCode, 200)
    t.same(res.json().items.map((item: { id: string, status: number }) => `${item.id}:${item.status}`), ids.map(id => `${id}:${id === 'a02' ? 201 : 200}`),
      'replaced acme\'s a01, a03–a07 and rx1, created acme\'s deleted a02 again')
    t.same(await snapshot(app, tok.rival.reader, rivalIds), before, 'rival\'s documents: same ETags and content')
    const search = await app.inject({ url: `/v1/search?q=${MARKERS.acme}&size=100`, headers: tok.rival.reader })
    t.equal(search.json().total, 0, 'nothing of the bulk is searchable by rival')
    t.equal((await app.inject({ url: '/v1/search?size=1', headers: tok.rival.reader })).json().total, rivalIds.length)
  })

  await t.test('another tenant\'s ETag validates nothing', async t => {
    const ours = await app.inject({ url: '/v1/analyses/a04', headers: tok.acme.reader })
    const theirs = await app.inject({ url: '/v1/analyses/a04', headers: tok.rival.reader })
    t.not(ours.headers.etag, theirs.headers.etag)
    const conditional = await app.inject({ url: '/v1/analyses/a04', headers: { ...tok.acme.reader, 'if-none-match': String(theirs.headers.etag) } })
    t.same([conditional.statusCode, conditional.json().caption], [200, ours.json().caption], 'If-None-Match with rival\'s ETag: a full answer of acme\'s own')
    const etag = { 'if-match': String(theirs.headers.etag) }
    problem(t, await write('acme', 'PUT', '/v1/analyses/a04', { image_analysis: {} }, etag), 412, 'PRECONDITION_FAILED', 'PUT If-Match rival\'s ETag')
    problem(t, await write('acme', 'DELETE', '/v1/analyses/a04', undefined, etag), 412, 'PRECONDITION_FAILED', 'DELETE If-Match rival\'s ETag')
    t.equal((await app.inject({ url: '/v1/analyses/a04', headers: tok.rival.reader })).headers.etag, theirs.headers.etag, 'rival\'s a04 unchanged')
  })

  // FINDING: the ETag is "<index version>.<_seq_no>.<_primary_term>" and _seq_no counts every write on the shard,
  // which all tenants share: two ETags of acme tell how many documents other tenants wrote in between.
  await t.test('ETags reveal nothing of another tenant\'s writes', async t => {
    const put = async (tenant: CorpusTenant, id: string) => String((await write(tenant, 'PUT', `/v1/analyses/${id}`, { image_analysis: {} })).headers.etag)
    const seqNo = (etag: string) => /^"\d+\.(\d+)\.\d+"$/.exec(etag)?.[1]
    const first = await put('acme', 'probe')
    for (let i = 0; i < 5; i++) await put('rival', `busy-${i}`)
    const second = await put('acme', 'probe')
    const [a, b] = [seqNo(first), seqNo(second)]
    const learned = a === undefined || b === undefined ? 0 : Number(b) - Number(a) - 1
    t.equal(learned, 0, `acme's ETags ${first} then ${second} count rival's writes in between (${learned})`)
  })
})

test('search, facet values and the dashboard count only the caller\'s documents', async t => {
  const { app, tok } = await setUp(t)
  const read = async (tenant: CorpusTenant, url: string) => {
    const res = await app.inject({ url, headers: tok[tenant].reader })
    t.equal(res.statusCode, 200, `${tenant} ${url}`)
    t.same(foreignWords(tenant, res.body, decodeURIComponent(url)), [], `${tenant} ${url}: nothing of ${other(tenant)}`)
    return res.json()
  }

  for (const tenant of TENANTS) {
    await t.test(tenant, async t => {
      const m = model(tenant)
      const all: SearchBody = await read(tenant, '/v1/search?size=100&facets=setting,lens,mood,depth_of_field,focal_mm&facet_size=100')
      t.equal(all.total, m.ids.length, 'total')
      t.same(all.hits.map(hit => hit.id).sort(), [...m.ids].sort(), 'hits')
      t.ok(all.hits.every(hit => hit.caption === m.captions.get(hit.id)), 'every hit is the tenant\'s own version of its id')
      for (const facet of ['setting', 'lens', 'mood', 'depth_of_field'] as const) t.same(counts(all.facets?.[facet]), expectedCounts(tenant, facet), `${facet} counts`)
      t.same(all.focal_mm?.map(({ label, count }) => ({ label, count })), expectedFocal(tenant), 'focal buckets')
      const posted = await app.inject({ method: 'POST', url: '/v1/search', headers: tok[tenant].reader, payload: { size: 100, facets: ['setting', 'mood'], facet_size: 100 } })
      t.same([posted.json().hits.map((hit: { id: string }) => hit.id).sort(), counts(posted.json().facets.setting)], [[...m.ids].sort(), expectedCounts(tenant, 'setting')], 'POST /v1/search: the same own documents')
      t.same(foreignWords(tenant, posted.body), [], 'POST /v1/search: nothing of the other')

      t.equal((await read(tenant, `/v1/search?q=${MARKERS[tenant]}&size=100`)).total, m.ids.length, 'own marker: every own document')
      const marker = await read(tenant, `/v1/search?q=${MARKERS[other(tenant)]}&facets=setting,mood,focal_mm`)
      t.same([marker.total, marker.facets, marker.focal_mm.every((b: { count: number }) => b.count === 0)], [0, { setting: [], mood: [] }, true], 'the other\'s marker: nothing, not even a count')
      const theirSetting = tenant === 'acme' ? 'volcano' : 'waterfall'
      const selected = await read(tenant, `/v1/search?setting=${theirSetting}&facets=setting`)
      t.equal(selected.total, 0)
      t.same(counts(selected.facets.setting).filter((c: string) => c.startsWith(theirSetting)), [`${theirSetting}:0*`], 'the other\'s value selected: echoed with 0')

      const jungle: SearchBody = await read(tenant, '/v1/search?q=jungle&size=100')
      const texts = (id: string) => m.texts.get(id) ?? []
      t.same(jungle.hits.map(hit => hit.id).sort(), m.ids.filter(id => texts(id).some(text => /\bjungle\b/i.test(text))).sort(), 'jungle hits')
      const fragments = jungle.hits.flatMap(hit => [...hit.highlight.caption ?? [], ...hit.highlight.analysis_text ?? []].map(f => [hit.id, plain(f)] as const))
      t.ok(fragments.length >= jungle.hits.length, 'highlights present')
      t.same(fragments.filter(([id, text]) => !texts(id).some(own => own.includes(text))), [], 'every highlight quotes the tenant\'s own text of that id')

      const values = (facet: string, query: string) => read(tenant, `/v1/facets/${facet}/values?size=100&${query}`).then(body => counts(body.values))
      t.same(await values('setting', ''), expectedCounts(tenant, 'setting'), 'all setting values')
      t.same(await values('depth_of_field', ''), expectedCounts(tenant, 'depth_of_field'))
      for (const prefix of tenant === 'acme' ? ['volc', 'temp', 'light'] : ['water', 'snow', 'stud']) t.same(await values('setting', `prefix=${prefix}`), [], `prefix ${prefix}: the other's value stays hidden`)
      for (const prefix of tenant === 'acme' ? ['omin', 'myst', 'eer'] : ['mela', 'sere', 'play']) t.same(await values('mood', `prefix=${prefix}`), [], `mood prefix ${prefix}`)
      t.same(await values('setting', `prefix=${theirSetting === 'volcano' ? 'water' : 'volc'}`), [`${theirSetting === 'volcano' ? 'waterfall' : 'volcano'}:1`], 'own prefix works')

      const dash = await read(tenant, '/v1/dashboard')
      t.equal(dash.total, m.ids.length, 'dashboard total')
      const top = (facet: 'setting' | 'mood' | 'lens') => expectedCounts(tenant, facet).slice(0, 10).map(c => ({ value: c.slice(0, c.lastIndexOf(':')), count: Number(c.slice(c.lastIndexOf(':') + 1)) }))
      for (const facet of ['setting', 'mood', 'lens'] as const) t.same(dash.top_values[facet], top(facet), `dashboard top ${facet}`)
      t.same(dash.focal_buckets.map(({ label, count }: { label: string, count: number }) => ({ label, count })), expectedFocal(tenant))
      t.ok(dash.latest.length > 0 && dash.latest.every((doc: { id: string, caption: string }) => doc.caption === m.captions.get(doc.id)), 'latest: own documents')
      const { moods, settings, counts: matrix } = dash.mood_by_setting
      const both = (mood: string, setting: string) => m.ids.filter(id => m.facets.get(id)!.mood.includes(mood) && m.facets.get(id)!.setting.includes(setting)).length
      t.same(matrix, moods.map((mood: string) => settings.map((setting: string) => both(mood, setting))), 'mood × setting from own documents only')
    })
  }

  await t.test('cursors are bound to the tenant and the query', async t => {
    const page = await read('acme', '/v1/search?q=jungle&size=1')
    const cursor = encodeURIComponent(page.next_cursor)
    const theirs = await app.inject({ url: `/v1/search?q=jungle&size=1&cursor=${cursor}`, headers: tok.rival.reader })
    problem(t, theirs, 400, 'INVALID_CURSOR', 'acme\'s cursor with rival\'s token')
    t.same(foreignWords('rival', theirs.body), [])
    problem(t, await app.inject({ url: `/v1/search?q=beach&size=1&cursor=${cursor}`, headers: tok.acme.reader }), 400, 'INVALID_CURSOR', 'a cursor of another query')
    const next = await read('acme', `/v1/search?q=jungle&size=1&cursor=${cursor}`)
    t.ok(next.hits.every((hit: { id: string, caption: string }) => hit.caption === model('acme').captions.get(hit.id)), 'acme\'s own next page')
  })
})

test('the cache never answers one tenant with another\'s entry', async t => {
  const { app, tok } = await setUp(t)
  const read = (tenant: CorpusTenant, url: string, extra: Headers = {}) => app.inject({ url, headers: { ...tok[tenant].reader, ...extra } })
  const status = (res: LightMyRequestResponse) => String(res.headers['cache-status'])
  const jungle = model('acme').ids.filter(id => model('acme').texts.get(id)!.some(text => /\bjungle\b/i.test(text)))
  const own = (body: { total?: number, values?: FacetCountBody[] }) => body.values !== undefined ? counts(body.values) : body.total
  const expected = (url: string) => url.includes('/values') ? expectedCounts('acme', 'setting', jungle) : url.includes('dashboard') ? CORPUS.acme.length : jungle.length

  for (const url of ['/v1/search?q=jungle&facets=setting,mood,focal_mm', '/v1/facets/setting/values?q=jungle', '/v1/dashboard']) {
    await t.test(`rival warms ${url}, then acme reads`, async t => {
      const rivalMiss = await read('rival', url)
      t.match(status(rivalMiss), /fwd=miss; stored$/)
      t.match(status(await read('rival', url)), /; hit; /)
      const acme = await read('acme', url)
      t.match(status(acme), /fwd=miss; stored$/, 'acme misses: never rival\'s entry')
      t.same(foreignWords('acme', acme.body), [])
      t.not(acme.body, rivalMiss.body)
      t.same(own(acme.json()), expected(url), 'acme\'s own numbers')
      const hit = await read('acme', url)
      t.same([status(hit).includes('; hit;'), hit.body], [true, acme.body], 'then acme hits its own entry')
      const conditional = await read('acme', url, { 'if-none-match': String(rivalMiss.headers.etag) })
      t.same([conditional.statusCode, conditional.body], [200, acme.body], 'rival\'s ETag validates nothing for acme')
      t.equal((await read('rival', url)).body, rivalMiss.body, 'rival still gets its own')
    })
  }

  await t.test('a flush by rival leaves acme\'s entries alone', async t => {
    const url = '/v1/search?q=beach'
    const acme = await read('acme', url)
    await read('rival', url)
    t.match(status(await read('rival', url)), /; hit; /)
    const flushed = await app.inject({ method: 'POST', url: '/v1/admin/cache/flush', headers: tok.rival.admin })
    t.equal(flushed.statusCode, 204)
    const after = await read('acme', url)
    t.same([status(after).includes('; hit;'), after.body], [true, acme.body], 'acme still hits')
    t.match(status(await read('rival', url)), /fwd=miss/, 'rival\'s own entries are gone')
  })
})

test('admin operations act on the caller\'s tenant only', async t => {
  const { app, tok } = await setUp(t)
  const seqNos = async (tenant: CorpusTenant) => {
    const answer = await app.es.search<{ id: string }>({ index: app.indices.read, routing: tenant, query: { term: { tenant } }, seq_no_primary_term: true, size: 100 })
    return Object.fromEntries(answer.hits.hits.map(hit => [hit._source!.id, hit._seq_no]))
  }
  const reindex = async (tenant: CorpusTenant) => {
    const started = await app.inject({ method: 'POST', url: '/v1/admin/reindex', headers: tok[tenant].admin })
    t.equal(started.statusCode, 202, `${tenant} reindex started`)
    for (let i = 0; i < 200; i++) {
      const job = (await app.inject({ url: '/v1/admin/reindex', headers: tok[tenant].admin })).json()
      if (job.state !== 'running') return job
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    throw new Error(`${tenant} reindex did not finish`)
  }

  await t.test('rival\'s reindex rewrites rival only, and does not empty acme\'s cache', async t => {
    const url = '/v1/search?q=desert'
    const acme = await app.inject({ url, headers: tok.acme.reader })
    const acmeSeq = await seqNos('acme')
    problem(t, await app.inject({ url: '/v1/admin/reindex', headers: tok.acme.admin }), 404, 'NOT_FOUND', 'acme has no job yet')
    const job = await reindex('rival')
    t.match(job, { state: 'done', rewritten: CORPUS.rival.length })
    problem(t, await app.inject({ url: '/v1/admin/reindex', headers: tok.acme.admin }), 404, 'NOT_FOUND', 'rival\'s job is not acme\'s')
    t.same(await seqNos('acme'), acmeSeq, 'not one acme document rewritten')
    const after = await app.inject({ url, headers: tok.acme.reader })
    t.same([String(after.headers['cache-status']).includes('; hit;'), after.body], [true, acme.body], 'acme\'s cached answer survives')
  })

  await t.test('acme\'s reindex rewrites acme only', async t => {
    const rivalSeq = await seqNos('rival')
    t.match(await reindex('acme'), { state: 'done', rewritten: CORPUS.acme.length })
    t.same(await seqNos('rival'), rivalSeq, 'not one rival document rewritten')
  })

  await t.test('a running reindex of rival does not block acme\'s', async t => {
    t.equal((await app.inject({ method: 'POST', url: '/v1/admin/reindex', headers: tok.rival.admin })).statusCode, 202)
    t.match(await reindex('acme'), { state: 'done', rewritten: CORPUS.acme.length }, 'no 409 for another tenant\'s job')
    for (const tenant of TENANTS) t.equal((await app.inject({ url: '/v1/search?size=1', headers: tok[tenant].reader })).json().total, CORPUS[tenant].length, `${tenant} total`)
  })

  // FINDING: the counters are the process's, so a tenant's admin watches every other tenant's traffic.
  await t.test('cache counters show nothing of another tenant\'s traffic', async t => {
    const stats = async () => (await app.inject({ url: '/v1/admin/cache/stats', headers: tok.acme.admin })).json()
    const before = await stats()
    for (const url of ['/v1/search?q=lava', '/v1/search?q=lava', '/v1/dashboard']) await app.inject({ url, headers: tok.rival.reader })
    const after = await stats()
    const traffic = ({ hits, misses, fills }: Record<string, number>) => ({ hits, misses, fills })
    t.same(traffic(after), traffic(before), 'rival\'s reads do not move acme\'s counters')
  })
})

test('the tenant comes from the token only', async t => {
  const { app, tok } = await setUp(t)
  const admin = tok.acme.admin
  const rivalBefore = await snapshot(app, tok.rival.reader, model('rival').ids)

  await t.test('a tenant field in a body is refused as UNKNOWN_FIELD', async t => {
    const body = { tenant: 'rival', image_analysis: { environment: { setting: 'Harbor' } } }
    const cases: Array<[InjectOptions['method'], string, unknown]> = [
      ['POST', '/v1/analyses', { id: 'a01', ...body }], ['PUT', '/v1/analyses/a01', body], ['POST', '/v1/search', { tenant: 'rival' }],
      ['POST', '/v1/admin/cache/flush', { tenant: 'rival' }], ['POST', '/v1/admin/reindex', { tenant: 'rival' }],
      ['PUT', '/v1/admin/vocabulary', { tenant: 'rival' }]
    ]
    for (const [method, url, payload] of cases) {
      const res = await app.inject({ method, url, headers: admin, payload: payload as object })
      problem(t, res, 400, 'UNKNOWN_FIELD', `${method} ${url} with a tenant field`)
      t.equal(parse(res).errors?.[0]?.pointer, '/tenant', `${method} ${url}: points at /tenant`)
    }
    const bulk = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { ...admin, 'content-type': 'application/x-ndjson' }, payload: JSON.stringify({ id: 'a01', ...body }) })
    t.match(bulk.json(), { errors: true, items: [{ status: 400, error: { code: 'UNKNOWN_FIELD' } }] }, 'bulk item with a tenant field')
  })

  await t.test('?tenant= is refused on every route', async t => {
    const routes = registeredRoutes(app).filter(route => route.path.startsWith('/v1/') && route.method !== 'HEAD')
    t.equal(routes.length, 19, 'every v1 route')
    const payloads: Record<string, [string, string]> = {
      'POST /v1/analyses': ['application/json', '{"image_analysis":{}}'],
      'PUT /v1/analyses/:id': ['application/json', '{"image_analysis":{}}'],
      'POST /v1/analyses/_bulk': ['application/x-ndjson', '{"image_analysis":{}}'],
      'POST /v1/search': ['application/json', '{}'],
      'PUT /v1/admin/vocabulary': ['application/json', '{}']
    }
    for (const route of routes) {
      const url = concrete(route.path).replace('/facets/x/', '/facets/setting/').replace('/analyses/x', '/analyses/a01')
      const [type, payload] = payloads[`${route.method} ${route.path}`] ?? []
      const res = await app.inject({ method: route.method as InjectOptions['method'], url: `${url}?tenant=rival`, headers: { ...admin, ...(type === undefined ? {} : { 'content-type': type }) }, ...(payload === undefined ? {} : { payload }) })
      t.same(foreignWords('acme', res.body), [], `${route.method} ${route.path}?tenant=rival: nothing of rival`)
      problem(t, res, 400, 'UNKNOWN_FIELD', `${route.method} ${route.path}?tenant=rival`)
    }
  })

  await t.test('X-Tenant and look-alike headers are ignored', async t => {
    const headers = { ...admin, 'x-tenant': 'rival', 'x-tenant-id': 'rival', tenant: 'rival', 'x-forwarded-tenant': 'rival' }
    const get = async (url: string) => (await app.inject({ url, headers })).json()
    t.equal((await get('/v1/analyses/a05')).caption, model('acme').captions.get('a05'))
    t.equal((await get('/v1/search?size=1')).total, CORPUS.acme.length)
    t.equal((await get('/v1/dashboard')).total, CORPUS.acme.length)
    t.same((await get('/v1/facets/setting/values?prefix=volc')).values, [])
    t.equal((await app.inject({ method: 'PUT', url: '/v1/analyses/xt1', headers, payload: { image_analysis: {} } })).statusCode, 201)
    t.equal((await app.inject({ method: 'PUT', url: '/v1/analyses/rival:a01', headers, payload: { image_analysis: {} } })).statusCode, 201, 'an id spelling "rival:a01" is just an id of acme')
    t.equal((await app.inject({ method: 'DELETE', url: '/v1/analyses/a03', headers })).statusCode, 204)
    t.equal((await app.inject({ url: '/v1/analyses/xt1', headers: tok.acme.reader })).statusCode, 200, 'written to acme')
    problem(t, await app.inject({ url: '/v1/analyses/xt1', headers: tok.rival.reader }), 404, 'NOT_FOUND', 'not to rival')
    problem(t, await app.inject({ url: '/v1/analyses/a03', headers: tok.acme.reader }), 404, 'NOT_FOUND', 'acme\'s a03 deleted')
  })

  t.same(await snapshot(app, tok.rival.reader, model('rival').ids), rivalBefore, 'after all of it, rival\'s documents are untouched')
})
