import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'

// 20,000 "é" are 40,000 bytes of UTF-8: past Lucene's 32,766 bytes per keyword term, which made Elasticsearch
// refuse the whole document (a 5xx) before facet values were capped.
const LONG = 'é'.repeat(20_000)
const CAPPED = 'é'.repeat(200)
const WITH_JUNGLE = `${'é'.repeat(19_000)}, jungle`

const withSetting = (setting: string) => {
  const seed = seedAnalysis()
  const environment = seed.image_analysis.environment as Record<string, unknown>
  return { ...seed, image_analysis: { ...seed.image_analysis, environment: { ...environment, setting } } }
}

test('a facet value past the term limit: stored with a warning, single and bulk, and selectable once cut', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })

  const single = await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: ingester, payload: { id: 'long-1', ...withSetting(WITH_JUNGLE) } })
  t.equal(single.statusCode, 201, single.body.slice(0, 300))
  t.same(single.json().warnings, [{
    code: 'facet_value_too_long',
    facet: 'setting',
    pointer: '/image_analysis/environment/setting',
    detail: 'a value longer than 200 characters was cut to its first 200'
  }])
  t.same(single.json().facets.setting, [CAPPED, 'jungle'])
  const read = await app.inject({ url: '/v1/analyses/long-1', headers: reader })
  t.equal(read.json().image_analysis.environment.setting, WITH_JUNGLE, 'the analysis is stored as sent')
  t.equal(read.json().warnings[0]?.code, 'facet_value_too_long', 'and read with the same warning')

  const lines = [
    JSON.stringify({ id: 'long-2', ...withSetting(LONG) }),
    JSON.stringify({ id: 'long-3', image_analysis: { lighting: { sources: [{ type: '😀'.repeat(10_000), color: LONG }] }, objects: [{ name: LONG }] } }),
    JSON.stringify({ id: 'short', ...withSetting('Beach') })
  ]
  const bulk = await app.inject({
    method: 'POST',
    url: '/v1/analyses/_bulk?refresh=wait_for',
    headers: { ...ingester, 'content-type': 'application/x-ndjson' },
    payload: lines.join('\n') + '\n'
  })
  t.equal(bulk.statusCode, 200)
  t.same(bulk.json().items.map((item: { status: number }) => item.status), [201, 201, 201], bulk.body.slice(0, 500))
  t.same(bulk.json().items[1].warnings.map((w: { facet: string }) => w.facet).sort(), ['light_color', 'light_source', 'objects'])

  const selected = await app.inject({ method: 'POST', url: '/v1/search', headers: reader, payload: { setting: [CAPPED], size: 5, fields: [] } })
  t.equal(selected.statusCode, 200)
  t.same(selected.json().hits.map((hit: { id: string }) => hit.id).sort(), ['long-1', 'long-2'], 'the cut value is a facet value like any other')
  const counted = await app.inject({ url: '/v1/search?facets=setting&size=0', headers: reader })
  t.ok(counted.json().facets.setting.some((v: { value: string, count: number }) => v.value === CAPPED && v.count === 2))
})

test('a search with such a value, or a huge q: 400 naming the parameter, never a 5xx', async t => {
  const app = await build(t)
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const post = async (payload: Record<string, unknown>) => await app.inject({ method: 'POST', url: '/v1/search', headers: reader, payload })
  const cases: Array<[string, Awaited<ReturnType<typeof post>>, string]> = [
    ['a filter value of 20,000 "é" (POST)', await post({ setting: [LONG] }), '/setting/0'],
    ['a source value of 20,000 "é"', await post({ source: [`type:${LONG}`] }), '/source/0'],
    ['q of 100,000 characters (POST)', await post({ q: 'x'.repeat(100_000) }), '/q'],
    ['a filter value of 2,000 "é" (GET)', await app.inject({ url: `/v1/search?setting=${encodeURIComponent('é'.repeat(2000))}`, headers: reader }), '/setting/0'],
    ['q of 5,000 characters (GET)', await app.inject({ url: `/v1/search?q=${'x'.repeat(5000)}`, headers: reader }), '/q'],
    ['a facet value search of 20,000 "é"', await app.inject({ method: 'GET', url: `/v1/facets/setting/values?q=${encodeURIComponent('é'.repeat(2000))}`, headers: reader }), '/q']
  ]
  for (const [name, res, pointer] of cases) {
    t.equal(res.statusCode, 400, name)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: a problem`)
    t.ok(res.json().errors?.some((item: { pointer: string }) => item.pointer === pointer), `${name}: points at ${pointer} (${JSON.stringify(res.json().errors)})`)
  }
  const tooLongUrl = await app.inject({ url: `/v1/search?q=${encodeURIComponent(LONG)}`, headers: reader })
  t.ok(tooLongUrl.statusCode >= 400 && tooLongUrl.statusCode < 500, `a URL of 120 KB: ${tooLongUrl.statusCode}`)
})
