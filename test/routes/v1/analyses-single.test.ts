import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { SEED_FACETS, seedAnalysis } from '../../helpers/seed.ts'
import { NORMALIZER_VERSION } from '../../../src/search/facets/normalize.ts'

test('single analyses: create, read, replace, delete', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const seed = seedAnalysis()

  const created = await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: ingester, payload: { id: 'seed-1', ...seed } })
  t.equal(created.statusCode, 201)
  t.equal(created.headers.location, '/v1/analyses/seed-1')
  const body = created.json()
  t.equal(created.headers.etag, body.etag)
  t.same(body.warnings, [])
  t.same(body.facets, { ...SEED_FACETS, focal_mm: { min: 85, max: 135 } }, 'the seed example derives exactly the facets of FACETS.md')

  const read = await app.inject({ method: 'GET', url: '/v1/analyses/seed-1', headers: reader })
  t.equal(read.statusCode, 200)
  t.equal(read.headers.etag, body.etag)
  t.same(read.json().image_analysis, seed.image_analysis, 'stored as sent')
  t.equal(read.json().caption, seed.caption)
  t.equal(read.json().normalizer_version, NORMALIZER_VERSION)
  t.match(read.json().indexed_at, /^\d{4}-\d\d-\d\dT/)
  t.same(read.json().warnings, [], 'a well-formed analysis reads back without warnings')
  const notModified = await app.inject({ method: 'GET', url: '/v1/analyses/seed-1', headers: { ...reader, 'if-none-match': body.etag } })
  t.equal(notModified.statusCode, 304)
  const readWith = async (ifNoneMatch: string) => (await app.inject({ method: 'GET', url: '/v1/analyses/seed-1', headers: { ...reader, 'if-none-match': ifNoneMatch } })).statusCode
  t.equal(await readWith(`"stale", W/${body.etag}`), 304, 'a list and a weak tag match too (RFC 9110 weak comparison, as for searches)')
  t.equal(await readWith('"stale"'), 200, 'another tag reads the document')

  const replaced = await app.inject({ method: 'PUT', url: '/v1/analyses/seed-1', headers: { ...ingester, 'if-match': body.etag }, payload: { ...seed, caption: 'changed' } })
  t.equal(replaced.statusCode, 200)
  t.equal(replaced.json().created, false)
  t.not(replaced.json().etag, body.etag)

  const stale = await app.inject({ method: 'PUT', url: '/v1/analyses/seed-1', headers: { ...ingester, 'if-match': body.etag }, payload: seed })
  t.equal(stale.statusCode, 412, 'the stored version moved on')
  t.match(stale.json(), { code: 'PRECONDITION_FAILED' })
  const garbage = await app.inject({ method: 'PUT', url: '/v1/analyses/seed-1', headers: { ...ingester, 'if-match': '"nonsense"' }, payload: seed })
  t.equal(garbage.statusCode, 412)
  const createOnly = await app.inject({ method: 'POST', url: '/v1/analyses', headers: { ...ingester, 'if-none-match': '*' }, payload: { id: 'seed-1', ...seed } })
  t.equal(createOnly.statusCode, 412, 'If-None-Match: * refuses to replace')
  const mustExist = await app.inject({ method: 'PUT', url: '/v1/analyses/nope', headers: { ...ingester, 'if-match': '*' }, payload: seed })
  t.equal(mustExist.statusCode, 412, 'If-Match: * needs an existing analysis')

  const mismatch = await app.inject({ method: 'PUT', url: '/v1/analyses/seed-1', headers: ingester, payload: { ...seed, id: 'other' } })
  t.equal(mismatch.statusCode, 400)
  t.match(mismatch.json(), { code: 'VALIDATION_FAILED', errors: [{ pointer: '/id' }] })

  const deleted = await app.inject({ method: 'DELETE', url: '/v1/analyses/seed-1?refresh=wait_for', headers: ingester })
  t.equal(deleted.statusCode, 204)
  const gone = await app.inject({ method: 'GET', url: '/v1/analyses/seed-1', headers: reader })
  t.equal(gone.statusCode, 404)
  t.match(gone.json(), { code: 'NOT_FOUND' })
  const again = await app.inject({ method: 'DELETE', url: '/v1/analyses/seed-1', headers: ingester })
  t.equal(again.statusCode, 404)
})

test('generated ids come from the content: the same analysis posted twice is one document', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const seed = seedAnalysis()
  const first = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: seed })
  const reordered = { image_analysis: seed.image_analysis, caption: seed.caption }
  const second = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: reordered })
  t.equal(first.statusCode, 201)
  t.equal(second.statusCode, 200, 'replaced, not duplicated')
  t.equal(first.json().id, second.json().id)
  t.match(first.json().id, /^a-[A-Za-z0-9_-]{32}$/)
  const changed = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { ...seed, caption: 'other' } })
  t.not(changed.json().id, first.json().id)
})

test('facet sources of an unexpected type warn and still index', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const res = await app.inject({
    method: 'POST',
    url: '/v1/analyses',
    headers: ingester,
    payload: { id: 'odd', image_analysis: { environment: { setting: 42 }, technical_aspects: { lens_type: { mm: 50 } } } }
  })
  t.equal(res.statusCode, 201)
  t.same(res.json().facets.setting, [])
  t.same(res.json().warnings.map((w: { facet: string, pointer: string }) => [w.facet, w.pointer]), [
    ['setting', '/image_analysis/environment/setting'],
    ['lens', '/image_analysis/technical_aspects/lens_type'],
    ['focal_mm', '/image_analysis/technical_aspects/lens_type']
  ])
  const read = await app.inject({ method: 'GET', url: '/v1/analyses/odd', headers: bearer(app, { tenant: 'acme', roles: ['reader'] }) })
  t.same(read.json().warnings, res.json().warnings, 'reading the analysis gives the warnings its write gave')
})

test('two documents giving one key different types both index', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const a = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { id: 'a', image_analysis: { weather: 'rain', extra: { deep: [1, 2] } } } })
  const b = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { id: 'b', image_analysis: { weather: { kind: 'rain', intensity: 3 }, extra: 'text' } } })
  t.equal(a.statusCode, 201)
  t.equal(b.statusCode, 201)
  const mapping = await app.es.indices.getMapping({ index: app.indices.read })
  const properties = Object.values(mapping)[0]!.mappings.properties!
  t.same(Object.keys(properties).sort(), ['analysis_text', 'caption', 'facets', 'focal_mm', 'focal_mm_lower', 'id', 'image_analysis', 'indexed_at', 'light_pairs', 'light_sources', 'negative_prompt', 'normalizer_version', 'source', 'tags', 'tenant', 'unmapped', 'vocabulary_version'], 'the mapping did not grow')
})

test('ETags are opaque: they reveal nothing of other writes on the shard', async t => {
  const app = await build(t)
  const acme = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const rival = bearer(app, { tenant: 'rival', roles: ['ingester'] })
  const first = await app.inject({ method: 'PUT', url: '/v1/analyses/probe', headers: acme, payload: { image_analysis: {} } })
  for (let i = 0; i < 5; i++) await app.inject({ method: 'PUT', url: `/v1/analyses/r${i}`, headers: rival, payload: { image_analysis: {} } })
  const second = await app.inject({ method: 'PUT', url: '/v1/analyses/probe', headers: acme, payload: { image_analysis: { x: 1 } } })
  for (const res of [first, second]) t.match(res.headers.etag, /^"[A-Za-z0-9_-]{22}"$/)
  t.not(first.headers.etag, second.headers.etag)
  const fresh = await app.inject({ method: 'PUT', url: '/v1/analyses/probe', headers: { ...acme, 'if-match': String(second.headers.etag) }, payload: { image_analysis: {} } })
  t.equal(fresh.statusCode, 200, 'the current ETag still works as a precondition')
  const foreign = await app.inject({ method: 'PUT', url: '/v1/analyses/r0', headers: { ...rival, 'if-match': String(fresh.headers.etag) }, payload: { image_analysis: {} } })
  t.equal(foreign.statusCode, 412, "another document's ETag is no precondition for this one")
})
