import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'

test('search and facet values are served from the cache and never stale after a write', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const put = (id: string, setting: string) => app.inject({
    method: 'PUT',
    url: `/v1/analyses/${id}?refresh=wait_for`,
    headers: ingester,
    payload: { caption: `a quiet ${setting}`, image_analysis: { environment: { setting } } }
  })
  await put('a', 'Harbor')

  // Equivalent queries (parameter order, case, repeated values, defaults) share one entry.
  const first = await app.inject({ method: 'GET', url: '/v1/search?q=quiet&setting=harbor&setting=Harbor&size=20', headers: reader })
  t.equal(first.statusCode, 200)
  t.match(first.headers['cache-status'], /fwd=miss/)
  t.equal(first.json().total, 1)
  const second = await app.inject({ method: 'GET', url: '/v1/search?size=20&setting=HARBOR&q=quiet', headers: reader })
  t.match(second.headers['cache-status'], /; hit/)
  t.equal(second.body, first.body)
  t.equal(second.headers.etag, first.headers.etag)
  const notModified = await app.inject({ method: 'GET', url: '/v1/search?q=quiet&setting=harbor', headers: { ...reader, 'if-none-match': String(first.headers.etag) } })
  t.equal(notModified.statusCode, 304)

  const valuesMiss = await app.inject({ method: 'GET', url: '/v1/facets/setting/values?prefix=H', headers: reader })
  t.match(valuesMiss.headers['cache-status'], /fwd=miss/)
  const valuesHit = await app.inject({ method: 'GET', url: '/v1/facets/setting/values?prefix=h', headers: reader })
  t.match(valuesHit.headers['cache-status'], /; hit/, 'the prefix is case-insensitive, so is the key')

  await put('b', 'Harbor')
  const fresh = await app.inject({ method: 'GET', url: '/v1/search?q=quiet&setting=harbor', headers: reader })
  t.match(fresh.headers['cache-status'], /fwd=miss/, 'the write moved the generation')
  t.equal(fresh.json().total, 2, 'the very next read reflects the write')
  const values = await app.inject({ method: 'GET', url: '/v1/facets/setting/values?prefix=h', headers: reader })
  t.same(values.json().values, [{ value: 'harbor', count: 2, selected: false }])

  const other = await app.inject({ method: 'GET', url: '/v1/search?q=quiet&setting=harbor', headers: bearer(app, { tenant: 'globex', roles: ['reader'] }) })
  t.match(other.headers['cache-status'], /fwd=miss/, 'another tenant never shares an entry')
  t.equal(other.json().total, 0)
})
