import { test } from 'tap'
import { bulkIngest } from '../../../../src/search/analyses/bulk-ingest.ts'
import { bearer, build } from '../../../helpers/build.ts'

// mood → how many analyses carry it; camera angles are a closed vocabulary: a typo is unmapped, and so are two spellings of one unknown angle.
const MOODS: Array<[string, number]> = [['calm', 6], ['calms', 2], ['melancholic', 5], ['melancolic', 3], ['peaceful', 4], ['peacefully', 1], ['warm', 2], ['worm', 1]]

test('suggestions: variants, plurals, stems and small edits, most documents affected first; the dashboard counts them', async t => {
  const app = await build(t)
  const items = MOODS.flatMap(([mood, n]) => Array.from({ length: n }, (_, i) => ({
    id: `${mood}-${i}`,
    input: { image_analysis: { subject: { emotional_state: { mood } }, technical_aspects: { camera_angle: i === 0 ? 'Eye-levle' : 'eye level' } } }
  })))
  items.push({ id: 'ots', input: { image_analysis: { subject: { emotional_state: { mood: 'calm' } }, technical_aspects: { camera_angle: 'over the shoulder' } } } })
  await bulkIngest(app.es, app.indices, 'acme', items, 'wait_for')
  const headers = bearer(app, { tenant: 'acme', roles: ['admin'] })
  const get = async (url: string) => await app.inject({ method: 'GET', url, headers })

  const mood = (await get('/v1/admin/vocabulary/suggestions?facet=mood')).json()
  t.same(mood.suggestions.map((s: { source: string, target: string, source_count: number, reason: string }) => `${s.source}→${s.target}:${s.source_count}:${s.reason}`), [
    'melancolic→melancholic:3:edit',
    'calms→calm:2:plural',
    'peacefully→peaceful:1:stem'
  ], 'hunspell/english stems peacefully as peaceful; warm/worm are too short to be a typo')
  const angles = (await get('/v1/admin/vocabulary/suggestions?facet=camera_angle')).json()
  t.same(angles.suggestions.map((s: { source: string, target: string }) => `${s.source}→${s.target}`), ['eye-levle→eye-level'],
    'a closed facet: an unmapped text into one of its values, never two unmapped texts into each other')

  const dashboard = (await get('/v1/dashboard')).json()
  t.equal(dashboard.vocabulary_suggestions.mood, 3)
  t.equal(dashboard.vocabulary_suggestions.camera_angle, 1)
  t.equal(dashboard.vocabulary_suggestions.lens, 0)

  const put = await app.inject({ method: 'PUT', url: '/v1/admin/vocabulary', headers, payload: { merge: { mood: { calms: 'calm' } } } })
  t.equal(put.statusCode, 202)
  await app.vocabularyJobs.settled('acme')
  const after = (await get('/v1/admin/vocabulary/suggestions?facet=mood')).json()
  t.same(after.suggestions.map((s: { source: string }) => s.source), ['melancolic', 'peacefully'], 'a merged value is no longer suggested')
  t.equal((await get('/v1/dashboard')).json().vocabulary_suggestions.mood, 2, 'the dashboard\'s cached count follows the change')

  const bad = await get('/v1/admin/vocabulary/suggestions?facet=colour')
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().errors[0].pointer, '/facet')
})
