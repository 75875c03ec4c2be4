import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { normalizeAnalysis } from '../../../src/search/facets/normalize.ts'
import { FACETS } from '../../../src/schemas/facets.ts'
import { dashboardRequest, dayWindow, matrixRequest } from '../../../src/search/dashboard/dashboard-query.ts'
import { bearer, build } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'

const MOODS = ['calm', 'happy', 'tense', 'eerie', 'joyful', 'somber', 'serene', 'playful', 'moody', 'wild', 'dreamy', 'gloomy']
const SETTINGS = ['jungle', 'beach', 'desert', 'city street', 'forest', 'mountain', 'lake', 'studio', 'kitchen', 'office', 'garden', 'river']
const NEGATIVES = ['3d render', 'low quality', 'watermark', 'text', 'extra limbs', 'grain', 'frame']
const LENSES = ['Telephoto lens (85mm-135mm)', '24mm wide', '400mm', '10-30mm zoom', 'weird glass', 'mystery optic']

/** 30 analyses whose moods and settings have unequal, overlapping frequencies (more than ten of each). */
function corpus () {
  return Array.from({ length: 30 }, (_, i) => ({
    id: `doc-${String(i).padStart(2, '0')}`,
    caption: `analysis ${i}`,
    image_analysis: {
      environment: { type: i % 4 === 0 ? 'Indoor' : 'Outdoor', setting: `${SETTINGS[(i * i) % 12]} / ${SETTINGS[i % 5]}` },
      subject: { emotional_state: { mood: `${MOODS[i % 12]}, ${MOODS[(i * 7) % 11]}` } },
      technical_aspects: { lens_type: LENSES[i % LENSES.length], depth_of_field: i % 3 === 0 ? 'zorg' : 'Shallow', camera_angle: 'Eye-level' },
      lighting: { condition: 'Natural daylight' },
      negative_prompt: i % 2 === 0 ? `cartoon, ${NEGATIVES[i % 7]}; blurry` : [NEGATIVES[(i * 3) % 7]!, 'Cartoon.']
    }
  }))
}

function topOf (values: string[][]): Array<{ value: string, count: number }> {
  const counts = new Map<string, number>()
  for (const list of values) for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, 10)
}

async function ingest (app: FastifyInstance, tenant: string, docs: unknown[]): Promise<void> {
  const answer = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk?refresh=wait_for', headers: bearer(app, { tenant, roles: ['ingester'] }), payload: docs })
  if (answer.statusCode !== 200 || answer.json().errors === true) throw new Error(`bulk failed: ${answer.body}`)
}

test('done when: miss, hit, a write, then the new document on a miss, then a hit', async t => {
  const app = await build(t)
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const first = await app.inject({ method: 'GET', url: '/v1/dashboard', headers: reader })
  t.equal(first.statusCode, 200)
  t.equal(first.headers['cache-status'], 'image-analyses; fwd=miss; stored')
  t.match(first.headers['content-type'], /^application\/json/)
  t.equal(first.json().total, 0)
  t.match(first.headers.etag, /^"[\w-]+"$/)

  const second = await app.inject({ method: 'GET', url: '/v1/dashboard', headers: reader })
  t.match(second.headers['cache-status'], /^image-analyses; hit; ttl=\d+(; detail=local)?$/)
  t.equal(second.body, first.body)
  t.equal(second.headers.etag, first.headers.etag)
  const notModified = await app.inject({ method: 'GET', url: '/v1/dashboard', headers: { ...reader, 'if-none-match': first.headers.etag as string } })
  t.equal(notModified.statusCode, 304)
  t.equal(notModified.body, '')

  const created = await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }), payload: { id: 'seed-1', ...seedAnalysis() } })
  t.equal(created.statusCode, 201)
  const third = await app.inject({ method: 'GET', url: '/v1/dashboard', headers: reader })
  t.equal(third.json().total, 1, 'the write is counted at once')
  t.equal(third.headers['cache-status'], 'image-analyses; fwd=miss; stored')
  t.not(third.headers.etag, first.headers.etag)
  const stale = await app.inject({ method: 'GET', url: '/v1/dashboard', headers: { ...reader, 'if-none-match': first.headers.etag as string } })
  t.equal(stale.statusCode, 200, 'the old ETag no longer matches')
  t.match(stale.headers['cache-status'], /^image-analyses; hit/)
  t.equal(stale.json().total, 1)
  t.match(app.cacheStats(), { hits: 3, misses: 2, fills: 2 })
})

test('the dashboard counts exactly, per tenant', async t => {
  const app = await build(t)
  const docs = corpus()
  await ingest(app, 'acme', docs)
  await ingest(app, 'other', [{ id: 'x', image_analysis: { subject: { emotional_state: { mood: 'sinister' } }, environment: { setting: 'castle' } } }])
  const answer = await app.inject({ method: 'GET', url: '/v1/dashboard', headers: bearer(app, { tenant: 'acme', roles: ['reader'] }) })
  t.equal(answer.statusCode, 200)
  const dash = answer.json()
  const facets = docs.map(d => normalizeAnalysis(d.image_analysis))

  t.equal(dash.total, 30)
  t.match(dash.generated_at, /^\d{4}-\d\d-\d\dT/)
  for (const facet of ['setting', 'lens', 'mood', 'depth_of_field', 'camera_angle', 'lighting', 'environment', 'negative'] as const) {
    t.same(dash.top_values[facet], topOf(facets.map(f => f.facets[facet])), `top ${facet}`)
  }
  t.same(dash.top_values.negative.slice(0, 2), [{ value: 'cartoon', count: 30 }, { value: 'blurry', count: 15 }], 'what the analyses ban')
  t.notOk(JSON.stringify(dash).includes('sinister'), 'nothing of another tenant')

  const bucket = (label: string) => dash.focal_buckets.find((b: { label: string }) => b.label === label).count
  t.equal(dash.focal_buckets.length, 6)
  t.equal(bucket('71–135'), 5, '85-135mm')
  t.equal(bucket('24–35'), 10, '24mm and the 10-30mm zoom')
  t.equal(bucket('<24'), 5, 'the 10-30mm zoom')
  t.equal(bucket('>300'), 5, '400mm')
  t.equal(bucket('36–70'), 0)

  const days = dash.ingested_per_day.days
  const window = dayWindow(new Date())
  t.equal(days.length, 90, '90 days, zero-filled')
  t.same(days[0], { date: window.from, count: 0 })
  t.same(days[89], { date: window.to, count: 30 })
  t.equal(days.reduce((sum: number, d: { count: number }) => sum + d.count, 0), 30)
  t.same({ from: dash.ingested_per_day.from, to: dash.ingested_per_day.to }, { from: window.from, to: window.to })

  t.same(dash.latest.map((l: { id: string }) => l.id), docs.slice(0, 10).map(d => d.id), 'newest first; one bulk shares its time, so by id')
  t.same(dash.latest[0].facets.mood, facets[0]!.facets.mood)
  t.same(dash.latest[0].facets.focal_mm, { min: 85, max: 135 })
  t.equal(dash.latest[0].caption, 'analysis 0')

  t.same(dash.unmapped.lens, { documents: 10, top: [{ value: 'mystery optic', count: 5 }, { value: 'weird glass', count: 5 }] })
  t.same(dash.unmapped.depth_of_field, { documents: 10, top: [{ value: 'zorg', count: 10 }] })
  t.same(dash.unmapped.setting, { documents: 0, top: [] })
  t.equal(Object.keys(dash.unmapped).length, FACETS.length, 'every facet')

  const moods = topOf(facets.map(f => f.facets.mood)).map(v => v.value)
  const settings = topOf(facets.map(f => f.facets.setting)).map(v => v.value)
  t.equal(moods.length, 10)
  t.same(dash.mood_by_setting.moods, moods)
  t.same(dash.mood_by_setting.settings, settings)
  const expected = moods.map(m => settings.map(s => facets.filter(f => f.facets.mood.includes(m) && f.facets.setting.includes(s)).length))
  t.same(dash.mood_by_setting.counts, expected, 'exact co-occurrence counts')
  t.ok(expected.flat().some(n => n > 1), 'the matrix is not trivial')
})

test('an empty tenant gets an empty, well-formed dashboard', async t => {
  const app = await build(t)
  const dash = (await app.inject({ method: 'GET', url: '/v1/dashboard', headers: bearer(app, { tenant: 'nobody', roles: ['reader'] }) })).json()
  t.same(dash.mood_by_setting, { moods: [], settings: [], counts: [] })
  t.same(dash.latest, [])
  t.equal(dash.ingested_per_day.days.length, 90)
})

test('every dashboard query is filtered and routed by tenant', async t => {
  const window = dayWindow(new Date('2026-03-01T23:59:00Z'))
  t.same(window, { from: '2025-12-02', to: '2026-03-01', end: '2026-03-02' })
  for (const request of [dashboardRequest('idx', 'acme', window), matrixRequest('idx', 'acme', ['a'], ['b'])]) {
    t.equal(request.routing, 'acme')
    t.same(request.query, { bool: { filter: [{ term: { tenant: 'acme' } }] } })
  }
})

test('the dashboard needs a token with the reader role', async t => {
  const app = await build(t)
  t.equal((await app.inject({ method: 'GET', url: '/v1/dashboard' })).statusCode, 401)
})
