import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'

function nested (depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'x' }
  for (let i = 1; i < depth; i++) value = { n: value }
  return value
}

test('every bad single-analysis input is a clear 4xx problem and stores nothing', async t => {
  const app = await build(t)
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const json = { ...ingester, 'content-type': 'application/json' }
  const post = (payload: string | object, headers: Record<string, string> = json, url = '/v1/analyses') =>
    app.inject({ method: 'POST', url, headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })

  const cases: Array<[string, Promise<{ statusCode: number, json: () => any, headers: Record<string, unknown> }>, number, string, RegExp | string, string?]> = [
    ['not JSON', post('{"image_analysis": {'), 400, 'INVALID_JSON', /not valid JSON/],
    ['wrong content type', post('image_analysis=1', { ...ingester, 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/],
    ['empty body', post('', json), 400, 'EMPTY_BODY', /empty/],
    ['body over 256 KiB', post({ image_analysis: { text: 'x'.repeat(19_000) }, caption: 'y'.repeat(250 * 1024) }), 413, 'PAYLOAD_TOO_LARGE', /exceeds/],
    ['nesting over 16 levels', post({ image_analysis: nested(17) }), 400, 'DOCUMENT_LIMIT', /nesting deeper than 16/, '/image_analysis/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n'],
    ['nesting of 16 levels is fine', post({ id: 'deep-ok', image_analysis: nested(16) }), 201, '', ''],
    ['more than 2,000 keys', post({ image_analysis: Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`k${i}`, 1])) }), 400, 'DOCUMENT_LIMIT', /more than 2000 keys/, '/image_analysis/k2000'],
    ['a string over 20,000 characters', post({ image_analysis: { a: { b: 'x'.repeat(20_001) } } }), 400, 'DOCUMENT_LIMIT', /longer than 20000/, '/image_analysis/a/b'],
    ['__proto__ key', post('{"image_analysis":{"a":{"__proto__":{"polluted":true}}}}'), 400, 'DOCUMENT_LIMIT', /__proto__/, '/image_analysis/a/__proto__'],
    ['constructor key', post({ image_analysis: { constructor: { prototype: {} } } }), 400, 'DOCUMENT_LIMIT', /constructor/, '/image_analysis/constructor'],
    ['unknown top-level field', post({ image_analysis: {}, tenant: 'other' }), 400, 'UNKNOWN_FIELD', "unknown field 'tenant'", '/tenant'],
    ['internal field', post({ image_analysis: {}, facets: { mood: ['x'] } }), 400, 'UNKNOWN_FIELD', "unknown field 'facets'", '/facets'],
    ['image_analysis missing', post({ caption: 'x' }), 400, 'VALIDATION_FAILED', "field 'image_analysis' is required", '/image_analysis'],
    ['image_analysis not an object', post({ image_analysis: 'text' }), 400, 'VALIDATION_FAILED', /image_analysis' must be object/, '/image_analysis'],
    ['image_analysis an array', post({ image_analysis: [1] }), 400, 'VALIDATION_FAILED', /image_analysis' must be object/, '/image_analysis'],
    ['bad id', post({ id: 'has space', image_analysis: {} }), 400, 'VALIDATION_FAILED', /field 'id' must match pattern/, '/id'],
    ['id too long', post({ id: 'x'.repeat(129), image_analysis: {} }), 400, 'VALIDATION_FAILED', /field 'id'/, '/id'],
    ['caption not a string', post({ caption: 5, image_analysis: {} }), 400, 'VALIDATION_FAILED', /field 'caption' must be string/, '/caption'],
    ['bad id in path', app.inject({ method: 'PUT', url: '/v1/analyses/a%20b', headers: json, payload: '{"image_analysis":{}}' }), 400, 'VALIDATION_FAILED', /path parameter 'id'/],
    ['bad refresh value', post({ image_analysis: {} }, json, '/v1/analyses?refresh=true'), 400, 'VALIDATION_FAILED', /query parameter 'refresh'/],
    ['no token', app.inject({ method: 'POST', url: '/v1/analyses', payload: { image_analysis: {} } }), 401, 'UNAUTHORIZED', /bearer token/],
    ['reader writing', post({ image_analysis: {} }, { ...bearer(app, { tenant: 'acme', roles: ['reader'] }), 'content-type': 'application/json' }), 403, 'FORBIDDEN', /ingester/]
  ]
  for (const [name, pending, status, code, detail, pointer] of cases) {
    const res = await pending
    t.equal(res.statusCode, status, name)
    if (status < 300) continue
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`)
    t.match(res.json(), { code, detail }, `${name}: names what was wrong`)
    if (pointer !== undefined) t.equal(res.json().errors?.[0]?.pointer, pointer, `${name}: points at the place`)
  }

  await app.es.indices.refresh({ index: app.indices.read })
  const { count } = await app.es.count({ index: app.indices.read })
  t.equal(count, 1, 'only the valid 16-level document was stored')
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted')
})
