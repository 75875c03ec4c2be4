import { test } from 'tap'
import { normalizeAnalysis } from '../../../src/search/facets/normalize.ts'
import { bearer, build } from '../../helpers/build.ts'
import { ACME, ACME_NEWEST, counts, ids, loadSearchCorpus, RIVAL, search } from '../../fixtures/search-corpus.ts'

test('faceted search on the handcrafted corpus', async t => {
  const app = await build(t)
  await loadSearchCorpus(app)
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const rival = bearer(app, { tenant: 'rival', roles: ['reader'] })
  const get = (query: string, headers = acme) => search(app, headers, query)

  t.test('the fixture states what the normalizer derives', async t => {
    for (const doc of [...ACME, ...RIVAL]) {
      const n = normalizeAnalysis(doc.input.image_analysis)
      t.same({ setting: n.facets.setting, lens: n.facets.lens, mood: n.facets.mood, focal_mm: n.focal_mm && { min: n.focal_mm.gte, max: n.focal_mm.lte } }, doc.expected, doc.id)
    }
  })

  t.test('no selection: every acme document, newest first, top values per facet', async t => {
    const { status, body } = await get('size=100')
    t.equal(status, 200)
    t.equal(body.total, 14)
    t.same(ids(body), ACME_NEWEST)
    t.equal(body.approximate, false, 'tenant routing: one shard, exact counts')
    t.equal(body.next_cursor, null)
    t.same(Object.keys(body.facets ?? {}).sort(), ['lens', 'mood', 'setting'], 'default facets')
    // Twelve settings; the top 10 by count desc then value asc leave out "studio" and "waterfall".
    t.same(counts(body.facets?.setting), ['jungle:4', 'beach:2', 'city street:2', 'forest:2', 'riverbank:2', 'desert:1', 'market:1', 'mountain:1', 'pier:1', 'snowfield:1'])
    t.same(counts(body.facets?.lens), ['telephoto:4', 'standard:2', 'wide:2', 'fisheye:1', 'macro:1', 'super-telephoto:1', 'tilt-shift:1', 'ultra-wide:1'])
    t.same(counts(body.facets?.mood), ['calm:4', 'composed:2', 'joyful:2', 'wild:2', 'lonely:1', 'melancholic:1', 'playful:1', 'relaxed:1', 'serene:1', 'tense:1'])
    const first = body.hits.find(hit => hit.id === 'a01')!
    t.same(first.facets.focal_mm, { min: 85, max: 135 })
    t.same(first.facets.setting, ['jungle', 'riverbank'])
    t.equal(first.score, null, 'sorted by date: no score')
  })

  t.test('one value selected', async t => {
    const { body } = await get('setting=Jungle')
    // Hits: a01 a02 a03 a11.
    t.equal(body.total, 4)
    t.same(ids(body).sort(), ['a01', 'a02', 'a03', 'a11'])
    // setting ignores its own selection: the same counts as with no selection, jungle flagged.
    t.same(counts(body.facets?.setting).slice(0, 2), ['jungle:4*', 'beach:2'])
    // lens and mood count among the 4 jungle documents.
    t.same(counts(body.facets?.lens), ['telephoto:2', 'fisheye:1', 'wide:1'])
    t.same(counts(body.facets?.mood), ['calm:1', 'composed:1', 'joyful:1', 'playful:1', 'wild:1'])
  })

  t.test('two values of one facet: OR', async t => {
    const { body } = await get('setting=jungle&setting=beach')
    // jungle (a01 a02 a03 a11) OR beach (a04 a05).
    t.equal(body.total, 6)
    t.same(counts(body.facets?.setting).slice(0, 2), ['jungle:4*', 'beach:2*'])
    t.same(counts(body.facets?.lens), ['telephoto:3', 'fisheye:1', 'standard:1', 'wide:1'])
    t.same(counts(body.facets?.mood), ['calm:2', 'composed:1', 'joyful:1', 'melancholic:1', 'playful:1', 'relaxed:1', 'wild:1'])
  })

  t.test('values of two facets: AND across facets, each facet counted under the other\'s selection only', async t => {
    const { body } = await get('setting=jungle&setting=beach&lens=telephoto&facets=setting,lens&facets=mood')
    // (jungle OR beach) AND telephoto: a01 a02 a05.
    t.equal(body.total, 3)
    t.same(ids(body).sort(), ['a01', 'a02', 'a05'])
    // setting under lens=telephoto only (a01 a02 a05 a12): "studio" appears although no hit is in a studio.
    t.same(counts(body.facets?.setting), ['jungle:2*', 'beach:1*', 'pier:1', 'riverbank:1', 'studio:1'])
    // lens under setting=(jungle OR beach) only (a01 a02 a03 a04 a05 a11).
    t.same(counts(body.facets?.lens), ['telephoto:3*', 'fisheye:1', 'standard:1', 'wide:1'])
    // mood under both selections (a01 a02 a05).
    t.same(counts(body.facets?.mood), ['calm:1', 'composed:1', 'melancholic:1', 'wild:1'])
  })

  t.test('a selected value is listed even outside the top N, or with no hit at all', async t => {
    const outside = await get('setting=snowfield&facet_size=2')
    t.equal(outside.body.total, 1)
    t.same(counts(outside.body.facets?.setting), ['jungle:4', 'beach:2', 'snowfield:1*'])
    const empty = await get('setting=jungle&mood=lonely')
    t.equal(empty.body.total, 0)
    t.same(counts(empty.body.facets?.mood), ['calm:1', 'composed:1', 'joyful:1', 'playful:1', 'wild:1', 'lonely:0*'])
    t.same(counts(empty.body.facets?.setting), ['desert:1', 'jungle:0*'])
  })

  t.test('focal lengths: containment, intersection, buckets', async t => {
    const contains = await get('focal_mm=100')
    // 85–135 (a01), 100 (a10) and 70–200 (a12) contain 100.
    t.same(ids(contains.body).sort(), ['a01', 'a10', 'a12'])
    const intersects = await get('focal_min=20&focal_max=30&facets=focal_mm,lens')
    // 24 (a03) and 24–70 (a08) reach into 20–30; 14 (a06) and 35 (a07) do not.
    t.same(ids(intersects.body).sort(), ['a03', 'a08'])
    t.same(counts(intersects.body.facets?.lens), ['standard:1', 'wide:1'])
    // Buckets ignore the focal filters (disjunctive), and a range counts in every bucket it touches:
    // a08 (24–70) in 24–35 and 36–70, a12 (70–200) in 36–70, 71–135 and 136–300.
    t.same(intersects.body.focal_mm, [
      { label: '<24', min: null, max: 23, count: 2 },
      { label: '24–35', min: 24, max: 35, count: 3 },
      { label: '36–70', min: 36, max: 70, count: 4 },
      { label: '71–135', min: 71, max: 135, count: 4 },
      { label: '136–300', min: 136, max: 300, count: 2 },
      { label: '>300', min: 301, max: null, count: 1 }
    ])
    t.same(ids((await get('focal_min=300')).body), ['a09'], 'open upper end')
    t.same(ids((await get('focal_max=10')).body), ['a11'], 'open lower end')
    t.same(ids((await get('focal_mm=100&focal_min=130')).body).sort(), ['a01', 'a12'], 'focal filters AND together')
    const jungle = await get('setting=jungle&facets=focal_mm')
    t.same(jungle.body.focal_mm?.map(b => b.count), [1, 1, 0, 2, 0, 0], 'buckets apply the facet selections')
    t.notOk('setting' in (jungle.body.facets ?? {}), 'only the facets asked for')
  })

  t.test('words, phrases, exclusions', async t => {
    t.same(ids((await get('q=jungle+riverbank')).body), ['a01'], 'every word must occur')
    t.same(ids((await get('q=woman+hammock')).body), ['a02'], 'one word in the caption, the other in the analysis')
    t.same(ids((await get('q=%22jungle+waterfall%22')).body), ['a03'], 'phrase')
    t.same(ids((await get('q=jungle+-waterfall&sort=oldest')).body), ['a01', 'a02', 'a11'], 'excluded word')
    t.same(ids((await get('q=jungle+-%22jungle+riverbank%22&sort=oldest')).body), ['a02', 'a03', 'a11'], 'excluded phrase')
    t.same(ids((await get('q=%22waterfall+jungle%22')).body), [], 'a phrase keeps its word order')
    const relevance = await get('q=jungle')
    t.equal(relevance.body.total, 4)
    t.ok(relevance.body.hits.every(hit => typeof hit.score === 'number' && hit.score > 0), 'relevance is the default with q')
    const scores = relevance.body.hits.map(hit => hit.score!)
    t.same(scores, [...scores].sort((a, b) => b - a))
  })

  t.test('highlights are HTML-escaped with matches in <em>', async t => {
    const { body } = await get('q=neon')
    t.same(ids(body), ['a07'])
    t.same(body.hits[0]!.highlight.caption, ['Rain-soaked city street at night: <em>neon</em> signs &amp; &lt;blink&gt; reflections.'])
    const analysis = await get('q=hammock')
    t.match(analysis.body.hits[0]!.highlight.analysis_text, ['<em>Hammock</em> between palm trees.'])
    t.same((await get('')).body.hits[0]!.highlight, {}, 'no text, no highlight')
  })

  t.test('typo tolerance: a misspelt word widens to its corrections', async t => {
    const { body } = await get('q=jungel&size=2')
    t.equal(body.typo_expanded, true)
    t.equal(body.total, 4)
    t.notOk('suggest' in body)
    const readable = Buffer.from(body.next_cursor!.split('.')[0]!, 'base64url').toString()
    t.notMatch(readable, /jungle/, 'the correction is not readable in the cursor')
    const next = await get(`q=jungel&size=2&cursor=${body.next_cursor}`)
    t.equal(next.body.typo_expanded, true)
    t.same([...ids(body), ...ids(next.body)].sort(), ['a01', 'a02', 'a03', 'a11'], 'later pages widen the same way')
    t.same(ids((await get('q=jungel+woman')).body), ['a02'])
    const plain = await get('q=jungle')
    t.equal(plain.body.typo_expanded, false)
  })

  t.test('typo corrections drawn from another tenant find nothing and say nothing', async t => {
    // "zeppelin" exists only in rival's documents, on the same shard.
    const res = await app.inject({ method: 'GET', url: '/v1/search?q=zepelin', headers: acme })
    t.equal(res.json().total, 0)
    t.equal(res.json().typo_expanded, false)
    t.notMatch(res.body, /zeppelin/)
    const own = await get('q=zepelin', rival)
    t.same(ids(own.body), ['a04'])
    t.equal(own.body.typo_expanded, true)
  })

  t.test('tenant scoping of hits and counts', async t => {
    const captions = new Map(ACME.map(doc => [doc.id, doc.input.caption]))
    const all = await get('size=100')
    t.ok(all.body.hits.every(hit => hit.caption === captions.get(hit.id)), 'every hit is acme\'s document, not rival\'s of the same id')
    const theirs = await get('size=100', rival)
    t.equal(theirs.body.total, 7)
    t.same(counts(theirs.body.facets?.setting), ['jungle:3', 'beach:1', 'city street:1', 'desert:1', 'temple:1', 'volcano:1'])
    t.equal((await get('q=jaguar')).body.total, 0, 'rival\'s words find nothing for acme')
    const volcano = await get('setting=volcano')
    t.equal(volcano.body.total, 0)
    t.same(counts(volcano.body.facets?.setting).filter(c => c.startsWith('volcano')), ['volcano:0*'], 'a selection echoes back with 0, never rival\'s count')
    t.notOk(counts(all.body.facets?.setting).some(c => /temple|volcano/.test(c)))
  })

  t.test('POST takes the same fields as a JSON body', async t => {
    const res = await app.inject({ method: 'POST', url: '/v1/search', headers: acme, payload: { setting: ['jungle', 'beach'], lens: ['telephoto'], facets: ['setting', 'lens', 'mood'] } })
    t.equal(res.statusCode, 200)
    const viaGet = await get('setting=jungle&setting=beach&lens=telephoto')
    t.same(res.json(), viaGet.body)
  })
})
