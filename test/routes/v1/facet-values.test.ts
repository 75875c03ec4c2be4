import { test } from 'tap'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { bearer, build } from '../../helpers/build.ts'
import { counts, loadSearchCorpus } from '../../fixtures/search-corpus.ts'

test('facet values: typeahead within the current search', async t => {
  const app = await build(t)
  await loadSearchCorpus(app)
  await bulkIngest(app.es, app.indices, 'odd', [
    { id: 'o1', input: { image_analysis: { environment: { setting: 'Café (Paris) / A.B / AXB / x*y / 50% [sale] / back\\slash' } } } },
    { id: 'o2', input: { image_analysis: { environment: { setting: 'Tropical Forest / Forest' }, technical_aspects: { camera_angle: 'Eye level' } } } },
    { id: 'o3', input: { image_analysis: { environment: { setting: 'Tropical forest' } } } }
  ], false)
  await app.es.indices.refresh({ index: app.indices.read })
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const odd = bearer(app, { tenant: 'odd', roles: ['reader'] })
  const values = async (facet: string, query = '', headers = acme) => {
    const res = await app.inject({ method: 'GET', url: `/v1/facets/${facet}/values?${query}`, headers })
    t.equal(res.statusCode, 200, `${facet}?${query}`)
    return res.json() as { facet: string, values: Array<{ value: string, count: number, selected: boolean }>, typo_expanded: boolean }
  }

  const top = await values('setting')
  t.equal(top.facet, 'setting')
  t.same(counts(top.values), ['jungle:4', 'beach:2', 'city street:2', 'forest:2', 'riverbank:2', 'desert:1', 'market:1', 'mountain:1', 'pier:1', 'snowfield:1'], 'default size 10')
  t.same(counts((await values('setting', 'size=1')).values), ['jungle:4'])

  t.same(counts((await values('setting', 'prefix=Ri')).values), ['riverbank:2'], 'prefix is case-insensitive')
  t.same(counts((await values('setting', 'prefix=city%20s')).values), ['city street:2'], 'a prefix may hold a space')
  t.same(counts((await values('setting', 'prefix=s')).values), ['snowfield:1', 'studio:1', 'city street:2'], 'values starting with it first, then a word inside')
  t.same((await values('setting', 'prefix=x')).values, [])

  // The facet's own selection is left out, the others apply: setting counted under lens=telephoto (a01 a02 a05 a12).
  t.same(counts((await values('setting', 'setting=jungle&lens=telephoto')).values), ['jungle:2*', 'beach:1', 'pier:1', 'riverbank:1', 'studio:1'])
  t.same(counts((await values('lens', 'setting=jungle&lens=wide')).values), ['telephoto:2', 'fisheye:1', 'wide:1*'])
  t.same(counts((await values('setting', 'q=riverbank')).values), ['riverbank:2', 'forest:1', 'jungle:1'], 'the text applies')
  t.same(counts((await values('setting', 'focal_mm=100')).values), ['forest:1', 'jungle:1', 'riverbank:1', 'studio:1'], 'the focal filters apply')
  t.same(counts((await values('mood', 'q=riverbank&prefix=w')).values), ['wild:2'])

  // Inside a value and with a typo: the words of "tropical forest", "forset" for forest (one transposition).
  t.same(counts((await values('setting', 'prefix=forest', odd)).values), ['forest:1', 'tropical forest:2'], 'prefix match first, then the word inside')
  t.same(counts((await values('setting', 'prefix=forset', odd)).values), ['forest:1'], 'one typo, at the start of the value')
  t.same(counts((await values('setting', 'prefix=tropical%20forset', odd)).values), ['tropical forest:2'])
  t.same(counts((await values('setting', 'prefix=frest', odd)).values), ['forest:1'], 'a missing letter is a typo')
  t.same(counts((await values('setting', 'prefix=porest', odd)).values), [], 'the first character must match')
  t.same(counts((await values('setting', 'prefix=fors', odd)).values), [], 'no typo under five characters')
  t.same(counts((await values('camera_angle', 'prefix=eye%20le', odd)).values), ['eye-level:1'], 'a space stands for a hyphen')
  t.same(counts((await values('lens', 'size=1&prefix=tele')).values), ['telephoto:4'])
  t.same(counts((await values('setting', 'size=2&prefix=forest', odd)).values), ['forest:1', 'tropical forest:2'], 'size bounds the merged list')
  t.same(counts((await values('setting', 'size=1&prefix=forest', odd)).values), ['forest:1'])

  const typo = await values('setting', 'q=jungel')
  t.equal(typo.typo_expanded, true)
  t.same(counts(typo.values).slice(0, 1), ['jungle:4'])

  const rival = bearer(app, { tenant: 'rival', roles: ['reader'] })
  t.same(counts((await values('setting', 'prefix=v', rival)).values), ['volcano:1'])
  t.same((await values('setting', 'prefix=v')).values, [], 'another tenant\'s values never show')

  const literal = async (prefix: string) => counts((await values('setting', `prefix=${encodeURIComponent(prefix)}`, odd)).values)
  t.same(await literal('CAFÉ ('), ['café (paris):1'])
  t.same(await literal('a.'), ['a.b:1'], '. is a dot, not any character (axb stays out)')
  t.same(await literal('a'), ['a.b:1', 'axb:1'])
  t.same(await literal('x*'), ['x*y:1'])
  t.same(await literal('50% ['), ['50% [sale]:1'])
  t.same(await literal('back\\'), ['back\\slash:1'])
  t.same(await literal('b'), ['back\\slash:1', 'a.b:1'], 'a word after a dot')
  t.same(await literal('.*'), [], 'no regexp gets through')
  t.same(await literal('[a-z]'), [])
  t.same(await literal('a.b|x'), [], 'no alternation either')
  t.same(await literal('c(f|a)fé'), [], 'nor a group in a typo-tolerant text')
  t.same(await literal('cafe~'), [], 'nor a fuzzy operator')
})

test('GET /v1/facets: the values of every facet matching a text, counted under the search\'s selections', async t => {
  const app = await build(t)
  const analysis = (setting: string, condition: string, color: string, mood: string) => ({
    image_analysis: { environment: { setting }, lighting: { condition, sources: [{ type: 'Sunlight', color }] }, subject: { emotional_state: { mood } } }
  })
  await bulkIngest(app.es, app.indices, 'acme', [
    { id: 'g1', input: { caption: 'golden beach', ...analysis('Beach', 'Golden hour', 'Golden', 'Calm') } },
    { id: 'g2', input: analysis('Beach / Goldmine', 'Golden hour', 'Warm White / Golden', 'Calm') },
    { id: 'g3', input: analysis('Desert', 'Harsh midday sun', 'Pale gold', 'Tense') }
  ], false)
  await bulkIngest(app.es, app.indices, 'rival', [{ id: 'r1', input: analysis('Gold coast', 'Gold rush', 'Goldenrod', 'Golden') }], false)
  await app.es.indices.refresh({ index: app.indices.read })
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const facets = async (query: string, headers = acme) => {
    const res = await app.inject({ method: 'GET', url: `/v1/facets?${query}`, headers })
    t.equal(res.statusCode, 200, query)
    return { body: res.json() as { facets: Record<string, Array<{ value: string, count: number, selected: boolean }>>, typo_expanded: boolean }, res }
  }
  const shown = (body: { facets: Record<string, Array<{ value: string, count: number, selected: boolean }>> }) =>
    Object.fromEntries(Object.entries(body.facets).map(([facet, list]) => [facet, counts(list)]))

  const gold = await facets('q=gold')
  t.same(shown(gold.body), {
    setting: ['goldmine:1'],
    lighting: ['golden hour:2'],
    light_color: ['golden:2', 'pale gold:1']
  }, 'prefix matches first, then words inside; facets without a match are left out; nothing of rival')
  t.equal(gold.body.typo_expanded, false)
  t.same(shown((await facets('q=goldne')).body), { lighting: ['golden hour:2'], light_color: ['golden:2'] }, 'one typo')
  t.same(shown((await facets('q=gold&setting=desert')).body), { setting: ['goldmine:1'], light_color: ['pale gold:1'] }, 'the other selections apply; a facet\'s own does not')
  t.same(shown((await facets('q=gold&source=color:golden')).body), { setting: ['goldmine:1'], lighting: ['golden hour:2'], light_color: ['golden:2*', 'pale gold:1'] }, 'light_color ignores its own key of the source, and lists it as selected')
  t.same(shown((await facets('q=gold&search_q=beach')).body), { setting: ['goldmine:1'], lighting: ['golden hour:2'], light_color: ['golden:2'] }, 'search_q is the search\'s text')
  t.same(shown((await facets('q=gold&facets=setting,mood')).body), { setting: ['goldmine:1'] }, 'facets restricts the facets searched')
  const top = await facets('size=1&facets=mood,setting')
  t.same(shown(top.body), { mood: ['calm:2'], setting: ['beach:2'] }, 'no text: the most frequent values')
  const selected = await facets('q=gold&light_color=golden')
  t.same(selected.body.facets.light_color?.find(v => v.value === 'golden'), { value: 'golden', count: 2, selected: true })
  const rival = await facets('q=gold', bearer(app, { tenant: 'rival', roles: ['reader'] }))
  t.same(shown(rival.body), { setting: ['gold coast:1'], lighting: ['gold rush:1'], light_color: ['goldenrod:1'], mood: ['golden:1'] })

  t.match(gold.res.headers['cache-status'], /fwd=miss/)
  const again = await facets('q=Gold')
  t.match(again.res.headers['cache-status'], /; hit/, 'cached like facet values, the text canonical in the key')
})
