import { test } from 'tap'
import { demoCorpus } from '../../../src/demo/corpus.ts'
import { analysisText } from '../../../src/search/analyses/analysis-text.ts'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { bearer, build } from '../../helpers/build.ts'
import { ids, search } from '../../fixtures/search-corpus.ts'

const BASE = Date.parse('2026-01-01T00:00:00Z')

/** Handcrafted: ids say what each one is for. Rival holds near-identical words that acme must never see. */
const ACME = [
  { id: 'telephone', caption: 'A red telephone on a desk', setting: 'Office' },
  { id: 'tel-aviv', caption: 'Tel Aviv street at night, red lights', setting: 'City street' },
  { id: 'jungle-woman', caption: 'A woman in a dense jungle', setting: 'Jungle' },
  { id: 'beach-woman', caption: 'A woman running on the beach', setting: 'Beach' },
  { id: 'jumping-dog', caption: 'A jumping dog', setting: 'Park', angle: 'Eye-level' }
]
const RIVAL = [
  { id: 'rival-telescope', caption: 'A red telescope', setting: 'Observatory' },
  { id: 'rival-jungle', caption: 'A woman in the jungle', setting: 'Jungle' }
]

type Spec = typeof ACME[number] & { angle?: string }
const input = (spec: Spec) => ({
  caption: spec.caption,
  image_analysis: { environment: { setting: spec.setting }, ...(spec.angle !== undefined ? { technical_aspects: { camera_angle: spec.angle } } : {}) }
})

/** The words of a demo document as the `standard` analyser reads them (lower-cased runs of letters and digits). */
function wordsOf (doc: { caption?: string, image_analysis: Record<string, unknown> }): string[] {
  return [doc.caption ?? '', ...analysisText(doc.image_analysis)].join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(w => w !== '')
}

test('search as you type, with typos, on the real Elasticsearch', async t => {
  const app = await build(t)
  await bulkIngest(app.es, app.indices, 'acme', ACME.map(spec => ({ id: spec.id, input: input(spec) })), false, new Date(BASE))
  await bulkIngest(app.es, app.indices, 'rival', RIVAL.map(spec => ({ id: spec.id, input: input(spec) })), false, new Date(BASE))
  const demo = [...demoCorpus({ count: 500 })]
  await bulkIngest(app.es, app.indices, 'demo', demo.map(doc => ({ id: doc.id, input: doc })), false, new Date(BASE))
  await app.es.indices.refresh({ index: app.indices.read })
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const demoReader = bearer(app, { tenant: 'demo', roles: ['reader'] })
  const get = async (query: string, headers = acme) => {
    const res = await search(app, headers, query)
    t.equal(res.status, 200, query)
    return res.body
  }

  t.test('the last word matches as the start of a word; exact words rank first', async t => {
    const jung = await get('q=jung')
    t.same(ids(jung), ['jungle-woman'], 'q=jung finds the jungle (never rival\'s)')
    t.same(jung.typos, [])
    t.equal(jung.typo_expanded, false)
    t.same(ids(await get('q=red+tel')), ['tel-aviv', 'telephone'], '"red tel" finds the red telephone; the exact word "tel" ranks first; not rival\'s telescope')
    t.same(ids(await get('q=red+tel+')), ['tel-aviv'], 'a trailing space: tel is a whole word')
    t.same(ids(await get('q=j')).sort(), ['jumping-dog', 'jungle-woman'], 'one letter is a prefix too (one term lookup)')
    t.same(ids(await get('q=RUNN')), ['beach-woman'], 'the words as written, not their stems: runn starts running')
    t.same(ids(await get('q=eye-lev')), ['jumping-dog'], 'a hyphenated last word: eye, then a word starting with lev')
    t.same(ids(await get('q=tel+red')), ['tel-aviv'], 'tel, typed before the last word, is a whole word')
    t.same(ids(await get('q=-tel+red')), ['telephone'], 'an excluded word is a whole word: telephone is no "tel"')
    const long = await get(`q=jungle${'x'.repeat(40)}`)
    t.equal(long.total, 0, 'a last word past 10 characters is cut for the prefix and never an expensive query (which this node refuses)')
    t.same(ids(await get('q=photographers+tel')), [], 'cut to 10 characters, still AND with the rest')
  })

  t.test('typos while typing: the unfinished word tolerates one, short words none', async t => {
    const jumg = await get('q=woman+jumg')
    t.same(ids(jumg), ['jungle-woman'], 'q=woman jumg finds the jungle documents')
    t.same(jumg.typos, [{ word: 'jumg', matched_as: 'prefix+typo' }])
    t.equal(jumg.typo_expanded, true)
    const whole = await get('q=woman+jungel+')
    t.same(ids(whole), ['jungle-woman'], 'a whole misspelt word keeps working')
    t.same(whole.typos, [{ word: 'jungel', matched_as: 'typo' }])
    t.same((await get('q=woman+jungel')).typos, [{ word: 'jungel', matched_as: 'prefix+typo' }], 'the same word, last and unfinished')
    const short = await get('q=woman+jnu')
    t.equal(short.total, 0, 'three letters are never fuzzed')
    t.same(short.typos, [])
    const both = await get('q=wman+jumg')
    t.same(ids(both), ['jungle-woman'])
    t.same(both.typos, [{ word: 'wman', matched_as: 'typo' }, { word: 'jumg', matched_as: 'prefix+typo' }], 'per word, in the query\'s order')
    const known = await get('q=jungel+woman')
    t.same(ids(known), ['jungle-woman'])
    t.same(known.typos, [{ word: 'jungel', matched_as: 'typo' }], 'a last word that matches alone is not widened')
  })

  t.test('the widened text pages the same way; facet values say what was widened too', async t => {
    const first = await get('q=woman+jumg&size=5', demoReader)
    t.ok(first.total > 5 && first.next_cursor !== null)
    const next = await get(`q=woman+jumg&size=5&cursor=${first.next_cursor}`, demoReader)
    t.same(next.typos, [{ word: 'jumg', matched_as: 'prefix+typo' }], 'page 2 widens as page 1 did (the cursor carries it)')
    t.equal(next.total, first.total)
    t.same(ids(next).filter(id => ids(first).includes(id)), [], 'no hit twice')
    const values = await app.inject({ method: 'GET', url: '/v1/facets/setting/values?q=woman+jumg', headers: acme })
    t.same(values.json().typos, [{ word: 'jumg', matched_as: 'prefix+typo' }])
    t.same(values.json().values.map((v: { value: string }) => v.value), ['jungle'])
  })

  t.test('on the demo corpus, a prefix finds exactly the documents with a word starting so', async t => {
    for (const prefix of ['jung', 'tel', 'w', 'neo']) {
      const expected = demo.filter(doc => wordsOf(doc).some(word => word.startsWith(prefix))).map(doc => doc.id).sort()
      t.ok(expected.length > 0, `${prefix}: ${expected.length} documents`)
      const body = await get(`q=${prefix}&size=0`, demoReader)
      t.equal(body.total, expected.length, `q=${prefix}: as many hits as brute force`)
    }
    const jungle = await get('q=jungle&size=100', demoReader)
    const jung = await get('q=jung&size=100', demoReader)
    t.ok(jungle.total > 0 && jungle.total <= 100 && jung.total <= 100)
    t.same(ids(jungle).filter(id => !ids(jung).includes(id)), [], `q=jung (${jung.total}) finds every q=jungle hit (${jungle.total})`)
    const typo = await get('q=woman+jumg&size=0', demoReader)
    const woman = demo.filter(doc => wordsOf(doc).some(word => word === 'woman' || word === 'women'))
    t.ok(typo.total > 0 && typo.total <= woman.length, `q=woman jumg: ${typo.total} of ${woman.length} documents with woman`)
  })
})
