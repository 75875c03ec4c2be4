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
    ['size -1', get('/v1/search?size=-1'), 'VALIDATION_FAILED', /query parameter 'size' must be >= 0/, '/size'],
    ['size 101', get('/v1/search?size=101'), 'VALIDATION_FAILED', /query parameter 'size' must be <= 100/, '/size'],
    ['size not a number', get('/v1/search?size=ten'), 'VALIDATION_FAILED', /query parameter 'size' must be integer/, '/size'],
    ['facet_size 0', get('/v1/search?facet_size=0'), 'VALIDATION_FAILED', /query parameter 'facet_size' must be >= 1/, '/facet_size'],
    ['facet_size 101', get('/v1/search?facet_size=101'), 'VALIDATION_FAILED', /query parameter 'facet_size' must be <= 100/, '/facet_size'],
    ['malformed cursor', get('/v1/search?cursor=abc.def'), 'INVALID_CURSOR', /cursor is malformed/, '/cursor'],
    ['forged cursor', get('/v1/search?cursor=abc.def.ghi'), 'INVALID_CURSOR', /cursor is not one this service issued/, '/cursor'],
    ['empty cursor', get('/v1/search?cursor='), 'VALIDATION_FAILED', /query parameter 'cursor'/, '/cursor'],
    ['q over 1,000 characters', get(`/v1/search?q=${'x'.repeat(1001)}`), 'VALIDATION_FAILED', /query parameter 'q' must NOT have more than 1000 characters/, '/q'],
    ['((((×1000 is 4,000 characters', get(`/v1/search?q=${encodeURIComponent('(((('.repeat(1000))}`), 'VALIDATION_FAILED', /query parameter 'q'/, '/q'],
    ['focal_mm not a number', get('/v1/search?focal_mm=wide'), 'VALIDATION_FAILED', /query parameter 'focal_mm' must be number/, '/focal_mm'],
    ['focal_min beyond 100,000', get('/v1/search?focal_min=100000.5'), 'VALIDATION_FAILED', /query parameter 'focal_min' must be <= 100000/, '/focal_min'],
    ['focal_max negative', get('/v1/search?focal_max=-1'), 'VALIDATION_FAILED', /query parameter 'focal_max' must be >= 0/, '/focal_max'],
    ['focal_min above focal_max', get('/v1/search?focal_min=50&focal_max=10'), 'VALIDATION_FAILED', /focal_min \(50\) is greater than focal_max \(10\)/, '/focal_min'],
    ['unknown sort', get('/v1/search?sort=best'), 'VALIDATION_FAILED', /query parameter 'sort' must be one of relevance, newest, oldest, focal_mm, -focal_mm/, '/sort'],
    ['51 values of one facet', get(`/v1/search?${many}`), 'VALIDATION_FAILED', /query parameter 'setting' must NOT have more than 50 items/, '/setting'],
    ['a value over 200 characters', get(`/v1/search?mood=${'m'.repeat(201)}`), 'VALIDATION_FAILED', /query parameter 'mood.0' must NOT have more than 200 characters/, '/mood/0'],
    ['an empty value', get('/v1/search?lens='), 'VALIDATION_FAILED', /query parameter 'lens.0'/, '/lens/0'],
    ['lens outside the closed vocabulary', get('/v1/search?lens=telefoto'), 'VALIDATION_FAILED', /'telefoto' names no lens value \(did you mean telephoto\?\); lens is one of fisheye, ultra-wide, wide, standard, telephoto, super-telephoto, macro, tilt-shift/, '/lens/0'],
    ['its second value', get('/v1/search?lens=wide&lens=vintage%20glass'), 'VALIDATION_FAILED', /'vintage glass' names no lens value; lens is one of/, '/lens/1'],
    ['depth of field outside it', get('/v1/search?depth_of_field=blurry'), 'VALIDATION_FAILED', /depth_of_field is one of shallow, medium, deep/, '/depth_of_field/0'],
    ['camera angle outside it', get('/v1/search?camera_angle=sideways'), 'VALIDATION_FAILED', /camera_angle is one of eye-level, low-angle, high-angle, overhead, worms-eye, dutch-angle/, '/camera_angle/0'],
    ['source without a value', get('/v1/search?source=type:'), 'VALIDATION_FAILED', /source 'type:': type has no value/, '/source/0'],
    ['source with an unknown key', get('/v1/search?source=type:sunlight&source=kind:sun'), 'VALIDATION_FAILED', /'kind' is not a key of a source; keys are type and color/, '/source/1'],
    ['source naming a key twice', get('/v1/search?source=type:sun,type:moon'), 'VALIDATION_FAILED', /names type twice/, '/source/0'],
    ['source without key:value', get('/v1/search?source=sunlight'), 'VALIDATION_FAILED', /'sunlight' is not key:value/, '/source/0'],
    ['11 sources', get(`/v1/search?${Array.from({ length: 11 }, (_, i) => `source=type:s${i}`).join('&')}`), 'VALIDATION_FAILED', /query parameter 'source' must NOT have more than 10 items/, '/source'],
    ['a source over 400 characters', get(`/v1/search?source=type:${'s'.repeat(400)}`), 'VALIDATION_FAILED', /query parameter 'source.0' must NOT have more than 400 characters/, '/source/0'],
    ['a key naming 11 values', get(`/v1/search?source=${encodeURIComponent(`color:${Array.from({ length: 11 }, (_, i) => `c${i}`).join(' / ')}`)}`), 'VALIDATION_FAILED', /color names more than 10 values/, '/source/0'],
    ['unknown field of hits', get('/v1/search?fields=caption,score'), 'VALIDATION_FAILED', /fields names 'score'; known are caption, facets, highlight, image_analysis and image_analysis.<section>/, '/fields'],
    ['a section pattern', get('/v1/search?fields=image_analysis.*'), 'VALIDATION_FAILED', /fields names 'image_analysis.\*'/, '/fields'],
    ['a nested section', get('/v1/search?fields=image_analysis.lighting.sources'), 'VALIDATION_FAILED', /fields names 'image_analysis.lighting.sources'/, '/fields'],
    ['21 fields', get(`/v1/search?fields=${Array.from({ length: 21 }, (_, i) => `image_analysis.s${i}`).join(',')}`), 'VALIDATION_FAILED', /fields names more than 20 entries/, '/fields'],
    ['sort by an unknown field', get('/v1/search?sort=focal'), 'VALIDATION_FAILED', /query parameter 'sort' must be one of relevance/, '/sort'],
    ['size 0 with a cursor', get('/v1/search?size=0&cursor=abc.def.ghi'), 'VALIDATION_FAILED', /size 0 asks for the total and the counts, which come with the first page/, '/size'],
    ['an empty negative value', get('/v1/search?negative='), 'VALIDATION_FAILED', /query parameter 'negative.0'/, '/negative/0'],
    ['POST: unknown field', post({ q: 'x', tenant: 'rival' }), 'UNKNOWN_FIELD', /unknown field 'tenant'/, '/tenant'],
    ['POST: size as a string', post({ size: '5' }), 'VALIDATION_FAILED', /field 'size' must be integer/, '/size'],
    ['POST: facet values not an array', post({ setting: 'jungle' }), 'VALIDATION_FAILED', /field 'setting' must be array/, '/setting'],
    ['POST: unknown facet name', post({ facets: ['setting', 'tenant'] }), 'VALIDATION_FAILED', /facets names an unknown facet 'tenant'/, '/facets'],
    ['POST: query string', post({}, '/v1/search?q=x'), 'UNKNOWN_FIELD', /unknown query parameter 'q'/, '/q'],
    ['values: unknown facet', get('/v1/facets/tenant/values'), 'VALIDATION_FAILED', /path parameter 'facet' must be one of setting, environment, lens, mood, depth_of_field, camera_angle, lighting, light_source, composition, objects, light_color, negative/, '/facet'],
    ['values: search-only parameter', get('/v1/facets/setting/values?sort=newest'), 'UNKNOWN_FIELD', /unknown query parameter 'sort'/, '/sort'],
    ['values: size 0', get('/v1/facets/setting/values?size=0'), 'VALIDATION_FAILED', /query parameter 'size' must be >= 1/, '/size'],
    ['values: prefix over 200 characters', get(`/v1/facets/setting/values?prefix=${'p'.repeat(201)}`), 'VALIDATION_FAILED', /query parameter 'prefix'/, '/prefix'],
    ['values: q over 1,000 characters', get(`/v1/facets/setting/values?q=${'x'.repeat(1001)}`), 'VALIDATION_FAILED', /query parameter 'q'/, '/q'],
    ['values: a closed vocabulary filter', get('/v1/facets/setting/values?lens=telefoto'), 'VALIDATION_FAILED', /'telefoto' names no lens value/, '/lens/0'],
    ['all facets: unknown facet', get('/v1/facets?facets=setting,nope'), 'VALIDATION_FAILED', /facets names an unknown facet 'nope'/, '/facets'],
    ['all facets: prefix is the one-facet name', get('/v1/facets?prefix=x'), 'UNKNOWN_FIELD', /unknown query parameter 'prefix'/, '/prefix'],
    ['all facets: q over 200 characters', get(`/v1/facets?q=${'q'.repeat(201)}`), 'VALIDATION_FAILED', /query parameter 'q' must NOT have more than 200 characters/, '/q'],
    ['all facets: search_q over 1,000 characters', get(`/v1/facets?search_q=${'q'.repeat(1001)}`), 'VALIDATION_FAILED', /query parameter 'search_q'/, '/search_q'],
    ['all facets: size 101', get('/v1/facets?size=101'), 'VALIDATION_FAILED', /query parameter 'size' must be <= 100/, '/size'],
    ['all facets: a bad source', get('/v1/facets?source=hue:red'), 'VALIDATION_FAILED', /'hue' is not a key of a source/, '/source/0']
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

test('every problem at once: one pointer per offending place, the schema\'s and the domain\'s', async t => {
  const app = await build(t)
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const problem = async (url: string, payload?: object) => {
    const res = await app.inject({ method: payload === undefined ? 'GET' : 'POST', url, headers: acme, ...(payload === undefined ? {} : { payload }) })
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    return res.json() as { code: string, detail: string, errors: Array<{ pointer: string, detail: string }> }
  }
  const pointers = (body: { errors: Array<{ pointer: string }> }) => body.errors.map(item => item.pointer).sort()

  const search = await problem('/v1/search?size=500&sort=best&lens=telefoto&lens=wide&facets=nope&foo=1&source=hue:x&fields=score&focal_min=9&focal_max=2')
  t.equal(search.code, 'VALIDATION_FAILED')
  t.same(pointers(search), ['/facets', '/fields', '/focal_min', '/foo', '/lens/0', '/size', '/sort', '/source/0'])
  t.match(search.detail, /\(and 7 more problems\)$/)
  t.match(search.errors.find(item => item.pointer === '/lens/0')?.detail, /lens is one of fisheye/)

  const body = await problem('/v1/search', { size: '5', setting: 'jungle', lens: ['telefoto'], sort: 'newest', tenant: 'rival' })
  t.same(pointers(body), ['/lens/0', '/setting', '/size', '/tenant'], 'POST: the body\'s problems, the domain\'s too')

  const values = await problem('/v1/facets/tenant/values?size=0&lens=telefoto&sort=newest')
  t.same(pointers(values), ['/facet', '/lens/0', '/size', '/sort'], 'the path, the query string and the domain')
  t.match(values.errors.find(item => item.pointer === '/facet')?.detail, /path parameter 'facet' must be one of setting, environment, lens/)

  const all = await problem('/v1/facets?size=0&facets=nope&source=type:&lens=x')
  t.same(pointers(all), ['/facets', '/lens/0', '/size', '/source/0'])

  const unknown = await problem('/v1/search?foo=1&bar=2')
  t.equal(unknown.code, 'UNKNOWN_FIELD', 'only unknown parameters: their own code')
  t.same(pointers(unknown), ['/bar', '/foo'])

  const many = await problem(`/v1/search?${Array.from({ length: 60 }, (_, i) => `x${i}=1`).join('&')}`)
  t.equal(many.errors.length, 50, 'at most 50 places listed')
  t.match(many.detail, /\(and 59 more problems\)$/, 'the detail counts them all')
})

test('injection-looking input is text: 200 or 400, never 5xx, never another tenant\'s data', async t => {
  const app = await build(t)
  await loadSearchCorpus(app)
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const captions = new Map(ACME.map(doc => [doc.id, doc.input.caption]))
  const analysisOf = new Map(ACME.map(doc => [doc.id, doc.input.image_analysis]))
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
    ...['.*', '(', '\\', '[', '*', 'v', '#', '@', '~', '&', '<1-9>', 'p'.repeat(200)].map(p => `/v1/facets/setting/values?prefix=${encodeURIComponent(p)}&size=100`),
    // The value search compiles the text into patterns: the worst texts for them (runs of spaces, hyphens and
    // symbols at the length limits of each kind of match) must still answer.
    ...['.*', '(((((', 'a|b|c', 'vol~', '- '.repeat(12), '-'.repeat(24), ' a'.repeat(25), '.-'.repeat(100), 'v'.repeat(200), 'volcan', 'templ']
      .map(p => `/v1/facets?q=${encodeURIComponent(p)}&size=100`),
    ...['type:.*', 'color:*', 'type:rival,color:zz', 'color:\\', 'type:(((('].map(v => `/v1/search?source=${encodeURIComponent(v)}&facets=light_source,light_color&size=100`),
    ...['caption,image_analysis', 'caption,image_analysis.environment'].map(f => `/v1/search?fields=${f}&size=100`)
  ]
  for (const url of urls) {
    const res = await app.inject({ method: 'GET', url, headers: acme })
    t.ok(res.statusCode === 200 || res.statusCode === 400, `${res.statusCode} for ${url.slice(0, 80)}`)
    if (res.statusCode !== 200) continue
    const body = res.json()
    if (Array.isArray(body.hits)) {
      t.ok(body.hits.every((hit: { id: string, caption: string }) => hit.caption === captions.get(hit.id)), `only acme's hits for ${url.slice(0, 80)}`)
      const analyses = body.hits.filter((hit: { image_analysis?: unknown }) => hit.image_analysis !== undefined)
      t.ok(analyses.every((hit: { id: string, image_analysis: Record<string, unknown> }) =>
        Object.entries(hit.image_analysis).every(([key, value]) => JSON.stringify(value) === JSON.stringify(analysisOf.get(hit.id)?.[key]))), `only acme's analyses for ${url.slice(0, 80)}`)
    }
    const values = JSON.stringify(body.values ?? body.facets ?? [])
    t.notMatch(values, rivalOnly, `no rival vocabulary in the counts for ${url.slice(0, 80)}`)
  }
  const wild = await app.inject({ method: 'GET', url: `/v1/search?q=${encodeURIComponent('tenant:rival OR *')}`, headers: acme })
  t.equal(wild.json().total, 0, 'field syntax is not interpreted: no document contains these words')
})
