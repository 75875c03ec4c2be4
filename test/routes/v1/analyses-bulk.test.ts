import { test } from 'tap'
import { ERRORS, problemTypeUri, type ErrorCode } from '../../../src/http/errors.ts'
import { bearer, build } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'

test('bulk NDJSON: per-item results in input order, valid items stored even when others fail', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const seed = seedAnalysis()
  const lines = [
    JSON.stringify({ id: 'one', ...seed }),
    '{"id": "broken", ',
    JSON.stringify({ id: 'two', image_analysis: { environment: { setting: 'Beach / Dunes' } } }),
    JSON.stringify({ id: 'bad id!', image_analysis: {} }),
    '',
    JSON.stringify({ image_analysis: { environment: { setting: 'Desert' } }, tenant: 'other' }),
    JSON.stringify({ image_analysis: { a: { b: { __proto__: 1 } } } }).replace('"a":{"b":{}}', '"a":{"b":{"__proto__":1}}'),
    JSON.stringify({ image_analysis: { environment: { setting: 'Forest' } } })
  ]
  const res = await app.inject({
    method: 'POST',
    url: '/v1/analyses/_bulk?refresh=wait_for',
    headers: { ...ingester, 'content-type': 'application/x-ndjson' },
    payload: lines.join('\n') + '\n'
  })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.errors, true)
  t.same(body.items.map((item: { position: number, status: number }) => [item.position, item.status]), [
    [0, 201], [1, 400], [2, 201], [3, 400], [4, 400], [5, 400], [6, 201]
  ], 'blank lines are skipped; positions count documents')
  t.match(body.items[0], { id: 'one', etag: /^"[A-Za-z0-9_-]{22}"$/ })
  t.match(body.items[1].error, { code: 'INVALID_JSON', detail: /not valid JSON/ })
  t.match(body.items[3].error, { code: 'VALIDATION_FAILED', errors: [{ pointer: '/id' }] })
  t.match(body.items[4].error, { code: 'UNKNOWN_FIELD', detail: "unknown field 'tenant'" })
  t.match(body.items[5].error, { code: 'DOCUMENT_LIMIT', errors: [{ pointer: '/image_analysis/a/b/__proto__' }] })
  for (const item of body.items.filter((item: { status: number }) => item.status >= 300)) {
    const { code } = item.error
    t.match(item.error, { type: problemTypeUri(code), title: ERRORS[code as ErrorCode].title, status: item.status }, `item ${item.position}: a problem document of the catalogue`)
    t.equal(ERRORS[code as ErrorCode].status, item.status, `item ${item.position}: the catalogue's status of ${code}`)
  }
  t.match(body.items[6].id, /^a-/, 'a generated content id')

  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const two = await app.inject({ method: 'GET', url: '/v1/analyses/two', headers: reader })
  t.same(two.json().facets.setting, ['beach', 'dunes'])
  const { count } = await app.es.count({ index: app.indices.read, query: { term: { tenant: 'acme' } } })
  t.equal(count, 3, 'exactly the valid items were stored')

  const again = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { ...ingester, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') })
  t.same(again.json().items.filter((item: { status: number }) => item.status < 300).map((item: { status: number }) => item.status), [200, 200, 200], 'the same input again replaces, never duplicates')
})

test('bulk JSON array and the request-level limits', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const json = { ...ingester, 'content-type': 'application/json' }
  const array = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: json, payload: JSON.stringify([{ id: 'x', image_analysis: {} }, { id: 'y' }, 'text']) })
  t.equal(array.statusCode, 200)
  t.same(array.json().items.map((item: { status: number }) => item.status), [201, 400, 400])
  t.match(array.json().items[1].error, { detail: "field 'image_analysis' is required" })

  const tooMany = Array.from({ length: 1001 }, (_, i) => JSON.stringify({ id: `d${i}`, image_analysis: {} })).join('\n')
  const over = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { ...ingester, 'content-type': 'application/x-ndjson' }, payload: tooMany })
  t.equal(over.statusCode, 413)
  t.match(over.json(), { code: 'PAYLOAD_TOO_LARGE', detail: /at most 1000 documents/ })

  const big = { image_analysis: { text: 'x'.repeat(19_000) } }
  const hugeLine = JSON.stringify({ ...big, caption: 'y'.repeat(300 * 1024) })
  const huge = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { ...ingester, 'content-type': 'application/x-ndjson' }, payload: `${hugeLine}\n${JSON.stringify({ id: 'ok', image_analysis: {} })}` })
  t.same(huge.json().items.map((item: { status: number }) => item.status), [413, 201], 'a document over 256 KiB fails alone')

  // The limit is in bytes of UTF-8: 140,000 characters are 140 KB as ASCII, 280 KB as 'é'.
  const texts = (char: string) => JSON.stringify({ image_analysis: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`t${i}`, char.repeat(20_000)])) })
  const wide = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { ...ingester, 'content-type': 'application/x-ndjson' }, payload: `${texts('x')}\n${texts('é')}` })
  t.same(wide.json().items.map((item: { status: number }) => item.status), [201, 413], 'bytes are counted, not characters')

  const cases: Array<[string, string, Record<string, string>, number, string]> = [
    ['not an array', '{"image_analysis": {}}', json, 400, 'VALIDATION_FAILED'],
    ['broken JSON array', '[{"image_analysis": {}', json, 400, 'INVALID_JSON'],
    ['empty', '', { ...ingester, 'content-type': 'application/x-ndjson' }, 400, 'EMPTY_BODY'],
    ['blank lines only', '\n\n', { ...ingester, 'content-type': 'application/x-ndjson' }, 400, 'EMPTY_BODY'],
    ['wrong type', 'a,b', { ...ingester, 'content-type': 'text/csv' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['over 10 MiB', 'x'.repeat(10 * 1024 * 1024 + 10), { ...ingester, 'content-type': 'application/x-ndjson' }, 413, 'PAYLOAD_TOO_LARGE']
  ]
  for (const [name, payload, headers, status, code] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers, payload })
    t.equal(res.statusCode, status, name)
    t.match(res.headers['content-type'], /problem\+json/, name)
    t.equal(res.json().code, code, name)
  }
  const reader = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { ...bearer(app, { tenant: 'acme', roles: ['reader'] }), 'content-type': 'application/x-ndjson' }, payload: '{"image_analysis":{}}' })
  t.equal(reader.statusCode, 403)
  const anonymous = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { 'content-type': 'application/x-ndjson' }, payload: '{"image_analysis":{}}' })
  t.equal(anonymous.statusCode, 401)
})

test('bulk while Elasticsearch is unreachable: 503 with Retry-After, nothing acknowledged', async t => {
  const app = await build(t, { ES_URL: 'http://127.0.0.1:1', ES_REQUEST_TIMEOUT_MS: '500' })
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const bulk = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { ...ingester, 'content-type': 'application/x-ndjson' }, payload: '{"image_analysis":{}}' })
  t.equal(bulk.statusCode, 503)
  t.equal(bulk.headers['retry-after'], '5')
  t.match(bulk.json(), { code: 'SEARCH_UNAVAILABLE' })
  const single = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { image_analysis: {} } })
  t.equal(single.statusCode, 503)
  t.notMatch(single.body, /ECONNREFUSED|127\.0\.0\.1/, 'no connection internals')
})
