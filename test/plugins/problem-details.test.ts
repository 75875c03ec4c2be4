import { test } from 'tap'
import Type from 'typebox'
import type { FastifyInstance } from 'fastify'
import { build } from '../helpers/build.ts'

// Routes only this test adds, through the same guards and error handling as production routes.
function testRoutes (app: FastifyInstance): void {
  app.get('/__test/throw', { config: { auth: 'public' } }, async () => { throw new Error('secret internal detail') })
  app.post('/__test/echo', {
    config: { auth: 'public' },
    schema: {
      body: Type.Object({ name: Type.String() }, { additionalProperties: false }),
      querystring: Type.Object({ size: Type.Optional(Type.Integer({ maximum: 100 })) })
    }
  }, async request => request.body)
}

test('every error is problem+json without internals', async t => {
  const app = await build(t, {}, testRoutes)
  t.equal(app.searchIndex() === null, false, 'the index exists after ready')

  await t.test('unknown route: 404 problem', async t => {
    const res = await app.inject({ method: 'GET', url: '/v1/nope?x=1' })
    t.equal(res.statusCode, 404)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { status: 404, code: 'ROUTE_NOT_FOUND', title: String, detail: 'No route GET /v1/nope', type: /^urn:/ })
    t.equal(res.json().instance, res.headers['x-request-id'], 'the request id is the instance')
  })

  await t.test('a thrown error: 500 problem with no message, no stack', async t => {
    const res = await app.inject({ method: 'GET', url: '/__test/throw' })
    t.equal(res.statusCode, 500)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.json().code, 'INTERNAL')
    t.notMatch(res.body, /secret internal|at .*\.ts/)
  })

  await t.test('validation: 400 naming the field, unknown fields rejected', async t => {
    const missing = await app.inject({ method: 'POST', url: '/__test/echo', payload: {} })
    t.equal(missing.statusCode, 400)
    t.match(missing.json(), { code: 'VALIDATION_FAILED', detail: "field 'name' is required", errors: [{ pointer: '/name' }] })
    const unknown = await app.inject({ method: 'POST', url: '/__test/echo', payload: { name: 'a', tenant: 'other' } })
    t.equal(unknown.statusCode, 400)
    t.match(unknown.json(), { code: 'UNKNOWN_FIELD', detail: "unknown field 'tenant'", errors: [{ pointer: '/tenant' }] })
    const coerced = await app.inject({ method: 'POST', url: '/__test/echo', payload: { name: 12 } })
    t.equal(coerced.statusCode, 400, 'bodies are not coerced')
    t.match(coerced.json().detail, /field 'name' must be string/)
    const query = await app.inject({ method: 'POST', url: '/__test/echo?size=500', payload: { name: 'a' } })
    t.match(query.json(), { code: 'VALIDATION_FAILED', detail: "query parameter 'size' must be <= 100" })
  })

  await t.test('malformed bodies', async t => {
    const bad = await app.inject({ method: 'POST', url: '/__test/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":' })
    t.match(bad.json(), { status: 400, code: 'INVALID_JSON' })
    const empty = await app.inject({ method: 'POST', url: '/__test/echo', headers: { 'content-type': 'application/json' }, payload: '' })
    t.match(empty.json(), { status: 400, code: 'EMPTY_BODY' })
    const type = await app.inject({ method: 'POST', url: '/__test/echo', headers: { 'content-type': 'text/csv' }, payload: 'a,b' })
    t.match(type.json(), { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' })
    const proto = await app.inject({ method: 'POST', url: '/__test/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":"a","__proto__":{"x":1}}' })
    t.match(proto.json(), { status: 400, code: 'DOCUMENT_LIMIT', errors: [{ pointer: '/__proto__' }] })
    const ctor = await app.inject({ method: 'POST', url: '/__test/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":"a","x":{"constructor":{"prototype":{}}}}' })
    t.match(ctor.json(), { status: 400, code: 'DOCUMENT_LIMIT', errors: [{ pointer: '/x/constructor' }] })
    const big = await app.inject({ method: 'POST', url: '/__test/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) })
    t.match(big.json(), { status: 413, code: 'PAYLOAD_TOO_LARGE' })
  })
})
