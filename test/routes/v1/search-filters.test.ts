import { test } from 'tap'
import { demoCorpus } from '../../../src/demo/corpus.ts'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { normalizeAnalysis } from '../../../src/search/facets/normalize.ts'
import { bearer, build } from '../../helpers/build.ts'
import { counts, type SearchBody } from '../../fixtures/search-corpus.ts'

const q = encodeURIComponent

test('filter values read like documents: a document\'s own wording selects its canonical values (demo corpus)', async t => {
  const app = await build(t)
  const corpus = [...demoCorpus({ count: 1000 })]
  await bulkIngest(app.es, app.indices, 'demo', corpus.map(doc => ({ id: doc.id, input: doc })), 'wait_for')
  const docs = corpus.map(doc => normalizeAnalysis(doc.image_analysis))
  const headers = bearer(app, { tenant: 'demo', roles: ['reader'] })
  const get = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/v1/search?${query}`, headers })
    t.equal(res.statusCode, 200, query)
    return res.json() as SearchBody
  }
  const having = (facet: 'lens' | 'camera_angle' | 'setting' | 'negative', values: string[]) => docs.filter(n => n.facets[facet].some(v => values.includes(v))).length

  const wording = await get(`lens=${q('Telephoto lens (estimated 85mm-135mm)')}&facets=lens`)
  const canonical = await get('lens=telephoto&facets=lens')
  t.ok(canonical.total > 50, `lens=telephoto: ${canonical.total}`)
  t.equal(wording.total, canonical.total, 'the seed\'s lens wording is lens=telephoto')
  t.equal(canonical.total, having('lens', ['telephoto']))
  t.same(wording.facets, canonical.facets, 'and counts as it: telephoto selected')
  t.equal((await get(`lens=${q('85mm portrait lens')}`)).total, canonical.total, 'a focal length names its class too')

  const low = await get(`camera_angle=${q('Low angle')}`)
  t.equal(low.total, (await get('camera_angle=low-angle')).total)
  t.equal(low.total, having('camera_angle', ['low-angle']))
  t.ok(low.total > 10, `camera_angle=low-angle: ${low.total}`)

  const both = await get(`setting=${q('Jungle / Riverbank')}&facets=setting`)
  t.equal(both.total, (await get('setting=jungle&setting=riverbank')).total)
  t.equal(both.total, having('setting', ['jungle', 'riverbank']))
  t.same(counts(both.facets?.setting).filter(v => v.endsWith('*')).map(v => v.split(':')[0]).sort(), ['jungle', 'riverbank'], 'both selected, both listed')

  const banned = await get('negative=cartoon&facets=negative')
  t.equal(banned.total, having('negative', ['cartoon']), 'negative=cartoon: the analyses that ban cartoon')
  t.ok(banned.total > 20, `negative=cartoon: ${banned.total}`)
  t.ok(counts(banned.facets?.negative).includes(`cartoon:${banned.total}*`), 'listed and selected, counted under the other selections (none)')
  const fromText = await get(`negative=${q('Cartoon; 3D render')}`)
  t.equal(fromText.total, having('negative', ['cartoon', '3d render']), 'a negative prompt\'s wording: split on , and ;')
})

test('a closed vocabulary refuses what it cannot read; an open facet\'s unknown value gets the tenant\'s closest values', async t => {
  const app = await build(t)
  const analysis = (setting: string, color: string) => ({ image_analysis: { environment: { setting }, lighting: { sources: [{ type: 'Sunlight', color }] } } })
  await bulkIngest(app.es, app.indices, 'acme', [
    { id: 'a1', input: analysis('Jungle / Riverbank', 'Golden') },
    { id: 'a2', input: analysis('Jungle', 'Golden') },
    { id: 'a3', input: analysis('Junkyard', 'Gold leaf') }
  ], 'wait_for')
  await bulkIngest(app.es, app.indices, 'rival', [{ id: 'r1', input: analysis('Volcano / Jungles', 'Goldenrod') }], 'wait_for')
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const get = async (query: string) => (await app.inject({ method: 'GET', url: `/v1/search?${query}`, headers: acme })).json()

  const closed = await app.inject({ method: 'GET', url: '/v1/search?lens=telefoto', headers: acme })
  t.equal(closed.statusCode, 400)
  t.match(closed.json().detail, /'telefoto' names no lens value \(did you mean telephoto\?\); lens is one of fisheye, ultra-wide, wide, standard, telephoto, super-telephoto, macro, tilt-shift/)

  const typo = await get('setting=jungel&facets=setting')
  t.equal(typo.total, 0)
  t.same(typo.facets.setting.find((v: { value: string }) => v.value === 'jungel'), { value: 'jungel', count: 0, selected: true, did_you_mean: ['jungle'] })
  const prefix = await get('setting=junk&facets=setting')
  t.same(prefix.facets.setting.find((v: { value: string }) => v.value === 'junk').did_you_mean, ['junkyard'], 'a shared prefix')
  const volcano = await get('setting=volcan&facets=setting')
  t.notOk('did_you_mean' in volcano.facets.setting.find((v: { value: string }) => v.value === 'volcan'), 'another tenant\'s "volcano" is never suggested')
  const jungles = await get('setting=jungles&facets=setting')
  t.same(jungles.facets.setting.find((v: { value: string }) => v.value === 'jungles').did_you_mean, ['jungle'], 'nor its "jungles"')

  const elsewhere = await get('setting=riverbank&light_color=gold%20leaf&facets=setting,light_color')
  t.equal(elsewhere.total, 0, 'no hit, but each value exists for the tenant')
  t.notOk(JSON.stringify(elsewhere.facets).includes('did_you_mean'), 'so nothing to suggest')
  const source = await get('source=color:goldn&facets=light_color')
  t.same(source.facets.light_color.find((v: { value: string }) => v.value === 'goldn').did_you_mean, ['golden'], 'a source key\'s value too')
})

test('focal lengths with decimals and "between … and …mm"', async t => {
  const app = await build(t)
  const lens = (text: string) => ({ image_analysis: { technical_aspects: { lens_type: text } } })
  await bulkIngest(app.es, app.indices, 'acme', [
    { id: 'phone', input: lens('Phone main camera, 4.5mm') },
    { id: 'zoom', input: lens('Zoom, between 24 and 70mm') },
    { id: 'long', input: lens('400mm') }
  ], 'wait_for')
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const ids = async (query: string) => ((await app.inject({ method: 'GET', url: `/v1/search?${query}&sort=focal_mm`, headers: acme })).json() as SearchBody).hits.map(hit => hit.id)
  t.same(await ids('focal_mm=4.5'), ['phone'])
  t.same(await ids('focal_mm=4'), [], '4.5 is no longer stored as 4–5')
  t.same(await ids('focal_mm=50'), ['zoom'])
  t.same(await ids('focal_min=4.6&focal_max=24'), ['zoom'])
  t.same(await ids('focal_max=4.5'), ['phone'])
  const view = (await app.inject({ method: 'GET', url: '/v1/analyses/phone', headers: acme })).json()
  t.same([view.facets.focal_mm, view.facets.lens], [{ min: 4.5, max: 4.5 }, ['ultra-wide']])
})
