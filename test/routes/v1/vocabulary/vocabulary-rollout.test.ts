import { test } from 'tap'
import { demoCorpus } from '../../../../src/demo/corpus.ts'
import { bulkIngest } from '../../../../src/search/analyses/bulk-ingest.ts'
import { normalizeAnalysis } from '../../../../src/search/facets/normalize.ts'
import type { FacetName } from '../../../../src/schemas/facets.ts'
import { bearer, build } from '../../../helpers/build.ts'
import { until } from '../../../helpers/until.ts'

const MERGE = { environment: { exterior: 'outdoor', outdoors: 'outdoor', interior: 'indoor' }, mood: { serene: 'calm', peaceful: 'calm' } }
const COUNTED: FacetName[] = ['environment', 'mood']

test('a filter on a source and on its target select the same documents before, during and after the re-derivation; counts exact after', async t => {
  const app = await build(t)
  const corpus = [...demoCorpus({ count: 300 })]
  const early = corpus.slice(0, 280)
  await bulkIngest(app.es, app.indices, 'demo', early.map(doc => ({ id: doc.id, input: doc })), 'wait_for')
  const headers = bearer(app, { tenant: 'demo', roles: ['admin'] })
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers })
    t.equal(res.statusCode, 200, url)
    return res.json()
  }
  /** Every id a filter selects, page by page (Cache-Control: no-cache would hide a stale cached answer: not sent). */
  const ids = async (filter: string): Promise<string[]> => {
    const out: string[] = []
    let cursor: string | null = null
    do {
      const page = await get(`/v1/search?${filter}&size=100&fields=&sort=oldest${cursor !== null ? `&cursor=${cursor}` : ''}`)
      out.push(...page.hits.map((hit: { id: string }) => hit.id))
      cursor = page.next_cursor
    } while (cursor !== null)
    return out.sort()
  }
  const merged = (doc: typeof corpus[number]) => {
    const facets = normalizeAnalysis(doc.image_analysis).facets
    return Object.fromEntries(COUNTED.map(f => [f, [...new Set(facets[f].map(v => (MERGE[f as keyof typeof MERGE] as Record<string, string>)[v] ?? v))]]))
  }
  const selecting = (docs: typeof corpus, value: string) => docs.filter(doc => merged(doc).environment!.includes(value)).map(doc => doc.id).sort()

  const before = { exterior: await ids('environment=exterior'), outdoor: await ids('environment=outdoor') }
  t.ok(before.exterior.length > 5 && before.outdoor.length > before.exterior.length, 'two different selections before the vocabulary')

  // Hold the job before its first pass: every document is still derived without merges.
  let release = () => {}
  const held = new Promise<void>(resolve => { release = resolve })
  app.vocabularyJobs.gate = async () => await held
  const put = await app.inject({ method: 'PUT', url: '/v1/admin/vocabulary', headers, payload: { merge: MERGE } })
  t.equal(put.statusCode, 202)
  t.equal(put.json().vocabulary.rederivation.state, 'running')
  t.equal(put.json().vocabulary.rederivation.pending, early.length, 'every document still to re-derive')
  // Written meanwhile: derived with the new merges at once, so the index holds both kinds.
  const late = corpus.slice(280)
  await bulkIngest(app.es, app.indices, 'demo', late.map(doc => ({ id: doc.id, input: doc })), 'wait_for')

  const expected = selecting(corpus, 'outdoor')
  t.ok(expected.length > before.outdoor.length, 'the merge widens outdoor')
  const during = { exterior: await ids('environment=exterior'), outdoor: await ids('environment=outdoor'), outside: await ids('environment=Outdoors') }
  t.same(during.exterior, expected, 'during: exterior selects what outdoor will select, on documents of both derivations')
  t.same(during.outdoor, expected, 'during: outdoor too (nothing disappears mid-job)')
  t.same(during.outside, expected, 'during: another source too')
  const shown = await get('/v1/search?environment=exterior&size=0&facets=environment')
  t.same(shown.facets.environment.filter((c: { selected: boolean }) => c.selected).map((c: { value: string }) => c.value), ['outdoor'], 'the answer shows the canonical value')

  release()
  await app.vocabularyJobs.settled('demo')
  t.equal(app.vocabularyJobs.job('demo')?.state, 'done')
  t.equal((await get('/v1/admin/vocabulary')).rederivation.state, 'done')
  t.equal((await get('/v1/admin/vocabulary')).rederivation.pending, 0)
  t.same(await ids('environment=exterior'), expected, 'after: exterior')
  t.same(await ids('environment=outdoor'), expected, 'after: outdoor')

  // Counts equal brute-force counting of the corpus with the merges applied.
  const counts = await get('/v1/search?size=0&facets=environment,mood&facet_size=100')
  for (const facet of COUNTED) {
    const tally = new Map<string, number>()
    for (const doc of corpus) for (const v of merged(doc)[facet]!) tally.set(v, (tally.get(v) ?? 0) + 1)
    const want = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v, c]) => `${v}:${c}`)
    t.same(counts.facets[facet].map((c: { value: string, count: number }) => `${c.value}:${c.count}`), want, `${facet} counts`)
  }
  t.notOk(counts.facets.mood.some((c: { value: string }) => c.value === 'serene'), 'a source is gone from the counts')

  // Typeahead finds the merged value by a source.
  const typed = await get('/v1/facets/mood/values?prefix=seren')
  t.same(typed.values.map((v: { value: string }) => v.value), ['calm'])
  const everywhere = await get('/v1/facets?q=peace&facets=mood,environment')
  t.same(everywhere.facets.mood.map((v: { value: string }) => v.value), ['calm'], 'the all-facets search too')
  t.equal(everywhere.facets.environment, undefined)

  // Un-merging rolls out the same way; the freed value comes back once re-derived.
  const etag = (await app.inject({ method: 'GET', url: '/v1/admin/vocabulary', headers })).headers.etag as string
  t.equal((await app.inject({ method: 'PUT', url: '/v1/admin/vocabulary', headers: { ...headers, 'if-match': etag }, payload: {} })).statusCode, 202)
  await until(() => app.vocabularyJobs.job('demo')?.state === 'done')
  await app.vocabularyJobs.settled('demo')
  t.same(await ids('environment=exterior'), before.exterior.concat(late.filter(doc => normalizeAnalysis(doc.image_analysis).facets.environment.includes('exterior')).map(doc => doc.id)).sort(), 'exterior is itself again')
})
