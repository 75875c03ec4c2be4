import { test } from 'tap'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { bearer, build } from '../../helpers/build.ts'
import { counts, loadSearchCorpus } from '../../fixtures/search-corpus.ts'

test('facet values: typeahead within the current search', async t => {
  const app = await build(t)
  await loadSearchCorpus(app)
  await bulkIngest(app.es, app.indices, 'odd', [{ id: 'o1', input: { image_analysis: { environment: { setting: 'Café (Paris) / A.B / AXB / x*y / 50% [sale] / back\\slash' } } } }], false)
  await app.es.indices.refresh({ index: app.indices.read })
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
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
  t.same(counts((await values('setting', 'prefix=s')).values), ['snowfield:1', 'studio:1'])
  t.same((await values('setting', 'prefix=x')).values, [])

  // The facet's own selection is left out, the others apply: setting counted under lens=telephoto (a01 a02 a05 a12).
  t.same(counts((await values('setting', 'setting=jungle&lens=telephoto')).values), ['jungle:2*', 'beach:1', 'pier:1', 'riverbank:1', 'studio:1'])
  t.same(counts((await values('lens', 'setting=jungle&lens=wide')).values), ['telephoto:2', 'fisheye:1', 'wide:1*'])
  t.same(counts((await values('setting', 'q=riverbank')).values), ['riverbank:2', 'forest:1', 'jungle:1'], 'the text applies')
  t.same(counts((await values('setting', 'focal_mm=100')).values), ['forest:1', 'jungle:1', 'riverbank:1', 'studio:1'], 'the focal filters apply')
  t.same(counts((await values('mood', 'q=riverbank&prefix=w')).values), ['wild:2'])

  const typo = await values('setting', 'q=jungel')
  t.equal(typo.typo_expanded, true)
  t.same(counts(typo.values).slice(0, 1), ['jungle:4'])

  const rival = bearer(app, { tenant: 'rival', roles: ['reader'] })
  t.same(counts((await values('setting', 'prefix=v', rival)).values), ['volcano:1'])
  t.same((await values('setting', 'prefix=v')).values, [], 'another tenant\'s values never show')

  const odd = bearer(app, { tenant: 'odd', roles: ['reader'] })
  const literal = async (prefix: string) => counts((await values('setting', `prefix=${encodeURIComponent(prefix)}`, odd)).values)
  t.same(await literal('CAFÉ ('), ['café (paris):1'])
  t.same(await literal('a.'), ['a.b:1'], '. is a dot, not any character (axb stays out)')
  t.same(await literal('a'), ['a.b:1', 'axb:1'])
  t.same(await literal('x*'), ['x*y:1'])
  t.same(await literal('50% ['), ['50% [sale]:1'])
  t.same(await literal('back\\'), ['back\\slash:1'])
  t.same(await literal('.*'), [], 'no regexp gets through')
  t.same(await literal('[a-z]'), [])
})
