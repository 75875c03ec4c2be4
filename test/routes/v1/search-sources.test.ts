import { test } from 'tap'
import { demoCorpus } from '../../../src/demo/corpus.ts'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { normalizeAnalysis, type NormalizedAnalysis } from '../../../src/search/facets/normalize.ts'
import type { LightSource } from '../../../src/search/facets/light-sources.ts'
import { bearer, build } from '../../helpers/build.ts'
import { counts, type SearchBody } from '../../fixtures/search-corpus.ts'

type Key = 'type' | 'color'
type Selection = Partial<Record<Key, string[]>>
const FACET_OF: Record<Key, 'light_source' | 'light_color'> = { type: 'light_source', color: 'light_color' }

interface Case {
  /** The query string sent. */
  query: string
  sources: Selection[]
  /** Plain facet selections of the same request. */
  plain: Partial<Record<'light_source' | 'light_color' | 'setting', string[]>>
}

// What docs/search.md says, written out over the normalizer's sources: no Elasticsearch in here.
const matches = (source: LightSource, selection: Selection) => (Object.keys(selection) as Key[]).every(key => source[key].some(v => selection[key]!.includes(v)))
const passes = (n: NormalizedAnalysis, selection: Selection) => n.light_sources.some(source => matches(source, selection))
const without = (selection: Selection, key: Key): Selection => Object.fromEntries(Object.entries(selection).filter(([k]) => k !== key))
const passesPlain = (n: NormalizedAnalysis, plain: Case['plain'], except?: string) =>
  Object.entries(plain).every(([facet, values]) => facet === except || n.facets[facet as 'setting'].some(v => values!.includes(v)))

/** The counts of key's facet: hits of every other selection, the key relaxed, counted on the sources matching a rest. */
function expectedCounts (docs: NormalizedAnalysis[], c: Case, key: Key): string[] {
  const facet = FACET_OF[key]
  const naming = c.sources.filter(s => s[key] !== undefined)
  const rests = (naming.length > 0 ? naming : c.sources).map(s => without(s, key))
  const everySource = rests.length === 0 || rests.some(rest => Object.keys(rest).length === 0)
  const tally = new Map<string, number>()
  for (const n of docs) {
    if (!passesPlain(n, c.plain, facet) || !c.sources.every(s => Object.keys(without(s, key)).length === 0 || passes(n, without(s, key)))) continue
    const values = new Set(n.light_sources.filter(source => everySource || rests.some(rest => matches(source, rest))).flatMap(source => source[key]))
    for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1)
  }
  const selected = [...new Set([...(c.plain[facet] ?? []), ...c.sources.flatMap(s => s[key] ?? [])])]
  for (const value of selected) if (!tally.has(value)) tally.set(value, 0)
  return [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v, n]) => `${v}:${n}${selected.includes(v) ? '*' : ''}`)
}

test('source selections match one light source; their counts equal brute-force filtering of 2,000 demo documents', async t => {
  const app = await build(t)
  const corpus = [...demoCorpus({ count: 2000 })]
  // The case of the issue, spelled out: sunlight cool blue and a golden neon sign are no golden sunlight.
  corpus.push({ id: 'split-lights', caption: 'Two lights', image_analysis: { lighting: { sources: [{ type: 'Sunlight', color: 'Cool blue' }, { type: 'Neon sign', color: 'Golden' }] } } })
  const outcomes = await bulkIngest(app.es, app.indices, 'demo', corpus.map(doc => ({ id: doc.id, input: doc })), 'wait_for')
  t.equal(outcomes.filter(o => o.ok).length, corpus.length)
  const docs = corpus.map(doc => normalizeAnalysis(doc.image_analysis))
  const ids = corpus.map(doc => doc.id)
  const headers = bearer(app, { tenant: 'demo', roles: ['reader'] })
  const get = async (query: string) => (await app.inject({ method: 'GET', url: `/v1/search?${query}&size=100&facet_size=100&facets=light_source,light_color`, headers })).json() as SearchBody

  const golden = await get('source=type:sunlight,color:golden')
  const apart = docs.filter(n => n.facets.light_source.includes('sunlight') && n.facets.light_color.includes('golden') && !passes(n, { type: ['sunlight'], color: ['golden'] }))
  t.ok(apart.length > 10, `${apart.length} documents have sunlight and golden light on different sources`)
  t.equal(golden.total, docs.filter(n => passes(n, { type: ['sunlight'], color: ['golden'] })).length, 'none of them is a hit')
  t.notOk(golden.hits.some(hit => hit.id === 'split-lights'))
  const either = await get('light_source=sunlight&light_color=golden')
  t.equal(either.total, golden.total + apart.length, 'the document-level facets find them all')
  t.ok(apart.includes(docs.at(-1)!), 'split-lights is one of them')

  const cases: Case[] = [
    { query: 'source=type:sunlight,color:golden', sources: [{ type: ['sunlight'], color: ['golden'] }], plain: {} },
    { query: 'source=color:golden', sources: [{ color: ['golden'] }], plain: {} },
    { query: 'source=type:sunlight', sources: [{ type: ['sunlight'] }], plain: {} },
    { query: `source=${encodeURIComponent('Type:Sunlight,color:Golden / Amber')}&source=${encodeURIComponent('color:cool blue')}`, sources: [{ type: ['sunlight'], color: ['golden', 'amber'] }, { color: ['cool blue'] }], plain: {} },
    { query: `source=${encodeURIComponent('type:sunlight,color:golden')}&source=${encodeURIComponent('type:neon sign,color:deep red')}`, sources: [{ type: ['sunlight'], color: ['golden'] }, { type: ['neon sign'], color: ['deep red'] }], plain: {} },
    { query: 'source=color:amber&light_source=reflector&light_source=moonlight&setting=beach', sources: [{ color: ['amber'] }], plain: { light_source: ['reflector', 'moonlight'], setting: ['beach'] } }
  ]
  for (const c of cases) {
    const body = await get(c.query)
    const hits = docs.map((n, i) => ({ n, id: ids[i]! })).filter(({ n }) => passesPlain(n, c.plain) && c.sources.every(s => passes(n, s)))
    t.ok(hits.length > 0, `${c.query}: ${hits.length} hits`)
    t.equal(body.total, hits.length, `${c.query}: total`)
    t.same(body.hits.map(hit => hit.id).sort(), hits.map(hit => hit.id).sort().slice(0, 100).sort(), `${c.query}: the hits`)
    for (const key of ['type', 'color'] as const) {
      t.same(counts(body.facets?.[FACET_OF[key]]), expectedCounts(docs, c, key), `${c.query}: ${FACET_OF[key]} counts, exact and disjunctive`)
    }
  }

  // The value search counts the same way: the colours of sunlight sources.
  const values = await app.inject({ method: 'GET', url: '/v1/facets/light_color/values?source=type:sunlight&prefix=gold', headers })
  t.same(counts(values.json().values), expectedCounts(docs, { query: '', sources: [{ type: ['sunlight'] }], plain: {} }, 'color').filter(v => v.startsWith('golden')))
})
