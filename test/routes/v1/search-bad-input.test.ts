import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { ACME, loadSearchCorpus } from '../../fixtures/search-corpus.ts'

test('every bad search input is a 400 naming the parameter', async t => {
  const app = await build(t)
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const get = (url: string) => app.inject({ method: 'GET', url, headers: acme })
  const post = (payload: unknown, url = '/v1/search') => app.inject({ method: 'POST', url, headers: acme, payload: payload as object })
  const many = Array.from({ length: 51 }, (_, i) => `setting=v${i}`).join('&')

  const cases: Array<[string, ReturnType<typeof get>, string, RegExp, string]> = [
    ['unknown parameter', get('/v1/search?foo=1'), 'UNKNOWN_FIELD', /unknown query parameter 'foo'/, '/foo'],
    ['tenant is no parameter', get('/v1/search?tenant=rival'), 'UNKNOWN_FIELD', /unknown query parameter 'tenant'/, '/tenant'],
    ['unknown facet name', get('/v1/search?facets=setting,nope'), 'VALIDATION_FAILED', /facets names an unknown facet 'nope'/, '/facets'],
    ['size 0', get('/v1/search?size=0'), 'VALIDATION_FAILED', /query parameter 'size' must be >= 1/, '/size'],
    ['size 101', get('/v1/search?size=101'), 'VALIDATION_FAILED', /query parameter 'size' must be <= 100/, '/size'],
    ['size not a number', get('/v1/search?size=ten'), 'VALIDATION_FAILED', /query parameter 'size' must be integer/, '/size'],
    ['facet_size 0', get('/v1/search?facet_size=0'), 'VALIDATION_FAILED', /query parameter 'facet_size' must be >= 1/, '/facet_size'],
    ['facet_size 101', get('/v1/search?facet_size=101'), 'VALIDATION_FAILED', /query parameter 'facet_size' must be <= 100/, '/facet_size'],
    ['malformed cursor', get('/v1/search?cursor=abc.def'), 'INVALID_CURSOR', /cursor is malformed/, '/cursor'],
    ['forged cursor', get('/v1/search?cursor=abc.def.ghi'), 'INVALID_CURSOR', /cursor is not one this service issued/, '/cursor'],
    ['empty cursor', get('/v1/search?cursor='), 'VALIDATION_FAILED', /query parameter 'cursor'/, '/cursor'],
    ['q over 1,000 characters', get(`/v1/search?q=${'x'.repeat(1001)}`), 'VALIDATION_FAILED', /query parameter 'q' must NOT have more than 1000 characters/, '/q'],
    ['((((×1000 is 4,000 characters', get(`/v1/search?q=${encodeURIComponent('(((('.repeat(1000))}`), 'VALIDATION_FAILED', /query parameter 'q'/, '/q'],
    ['focal_mm not a number', get('/v1/search?focal_mm=wide'), 'VALIDATION_FAILED', /query parameter 'focal_mm' must be integer/, '/focal_mm'],
    ['focal_min fractional', get('/v1/search?focal_min=1.5'), 'VALIDATION_FAILED', /query parameter 'focal_min' must be integer/, '/focal_min'],
    ['focal_max negative', get('/v1/search?focal_max=-1'), 'VALIDATION_FAILED', /query parameter 'focal_max' must be >= 0/, '/focal_max'],
    ['focal_min above focal_max', get('/v1/search?focal_min=50&focal_max=10'), 'VALIDATION_FAILED', /focal_min \(50\) is greater than focal_max \(10\)/, '/focal_min'],
    ['unknown sort', get('/v1/search?sort=best'), 'VALIDATION_FAILED', /query parameter 'sort' must be equal to one of the allowed values/, '/sort'],
    ['51 values of one facet', get(`/v1/search?${many}`), 'VALIDATION_FAILED', /query parameter 'setting' must NOT have more than 50 items/, '/setting'],
    ['a value over 200 characters', get(`/v1/search?mood=${'m'.repeat(201)}`), 'VALIDATION_FAILED', /query parameter 'mood.0' must NOT have more than 200 characters/, '/mood/0'],
    ['an empty value', get('/v1/search?lens='), 'VALIDATION_FAILED', /query parameter 'lens.0'/, '/lens/0'],
    ['POST: unknown field', post({ q: 'x', tenant: 'rival' }), 'UNKNOWN_FIELD', /unknown field 'tenant'/, '/tenant'],
    ['POST: size as a string', post({ size: '5' }), 'VALIDATION_FAILED', /field 'size' must be integer/, '/size'],
    ['POST: facet values not an array', post({ setting: 'jungle' }), 'VALIDATION_FAILED', /field 'setting' must be array/, '/setting'],
    ['POST: unknown facet name', post({ facets: ['setting', 'tenant'] }), 'VALIDATION_FAILED', /facets names an unknown facet 'tenant'/, '/facets'],
    ['POST: query string', post({}, '/v1/search?q=x'), 'UNKNOWN_FIELD', /unknown query parameter 'q'/, '/q'],
    ['values: unknown facet', get('/v1/facets/tenant/values'), 'VALIDATION_FAILED', /path parameter 'facet' must be equal to one of the allowed values/, '/facet'],
    ['values: search-only parameter', get('/v1/facets/setting/values?sort=newest'), 'UNKNOWN_FIELD', /unknown query parameter 'sort'/, '/sort'],
    ['values: size 0', get('/v1/facets/setting/values?size=0'), 'VALIDATION_FAILED', /query parameter 'size' must be >= 1/, '/size'],
    ['values: prefix over 200 characters', get(`/v1/facets/setting/values?prefix=${'p'.repeat(201)}`), 'VALIDATION_FAILED', /query parameter 'prefix'/, '/prefix'],
    ['values: q over 1,000 characters', get(`/v1/facets/setting/values?q=${'x'.repeat(1001)}`), 'VALIDATION_FAILED', /query parameter 'q'/, '/q']
  ]
  for (const [name, pending, code, detail, pointer] of cases) {
    const res = await pending
    t.equal(res.statusCode, 400, name)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`)
    t.match(res.json(), { code, detail }, `${name}: names the parameter`)
    t.equal(res.json().errors?.[0]?.pointer, pointer, `${name}: points at it`)
  }
  const anonymous = await app.inject({ method: 'GET', url: '/v1/search' })
  t.equal(anonymous.statusCode, 401)
})

test('injection-looking input is text: 200 or 400, never 5xx, never another tenant\'s data', async t => {
  const app = await build(t)
  await loadSearchCorpus(app)
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const captions = new Map(ACME.map(doc => [doc.id, doc.input.caption]))
  const rivalOnly = /volcano|temple|mysterious|ominous|zeppelin|jaguar|parrots|caravan/i
  const texts = [
    'tenant:rival OR *', '/.*/', '*x', '*', '*:*', '('.repeat(1000), 'a01 OR tenant:rival', '_id:rival\\:a01', 'tenant:rival',
    '{"match_all":{}}', '" OR ""="', '\\', '-', '"', '-"', '--', 'jungle~2', 'jungl*', 'j?ngle', '<script>alert(1)</script>',
    Array.from({ length: 500 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(' ').slice(0, 1000),
    Array.from({ length: 200 }, (_, i) => `zz${i}q`).join(' ').slice(0, 1000),
    '\u0000\u0001 jungle', 'ｊｕｎｇｌｅ', '🦜 jungle'
  ]
  const urls = [
    ...texts.map(q => `/v1/search?q=${encodeURIComponent(q)}&size=100`),
    ...texts.map(q => `/v1/facets/setting/values?q=${encodeURIComponent(q)}`),
    ...['*', '.*', 'rival', 'jungle" OR "1"="1', '\\'].map(v => `/v1/search?setting=${encodeURIComponent(v)}&size=100`),
    ...['.*', '(', '\\', '[', '*', 'v', '#', '@', '~', '&', '<1-9>', 'p'.repeat(200)].map(p => `/v1/facets/setting/values?prefix=${encodeURIComponent(p)}&size=100`)
  ]
  for (const url of urls) {
    const res = await app.inject({ method: 'GET', url, headers: acme })
    t.ok(res.statusCode === 200 || res.statusCode === 400, `${res.statusCode} for ${url.slice(0, 80)}`)
    if (res.statusCode !== 200) continue
    const body = res.json()
    if (Array.isArray(body.hits)) {
      t.ok(body.hits.every((hit: { id: string, caption: string }) => hit.caption === captions.get(hit.id)), `only acme's hits for ${url.slice(0, 80)}`)
    }
    const values = JSON.stringify(body.values ?? body.facets ?? [])
    t.notMatch(values, rivalOnly, `no rival vocabulary in the counts for ${url.slice(0, 80)}`)
  }
  const wild = await app.inject({ method: 'GET', url: `/v1/search?q=${encodeURIComponent('tenant:rival OR *')}`, headers: acme })
  t.equal(wild.json().total, 0, 'field syntax is not interpreted: no document contains these words')
})
