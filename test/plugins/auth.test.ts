import { test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { createSigner } from 'fast-jwt'
import type { FastifyInstance } from 'fastify'
import { build, TEST_SECRET, tokenFor } from '../helpers/build.ts'

function guardedRoutes (app: FastifyInstance): void {
  app.get('/__test/read', { config: { auth: 'reader' } }, async request => ({ tenant: request.user.tenant }))
  app.get('/__test/admin', { config: { auth: 'admin' } }, async () => ({ ok: true }))
}

const sign = (claims: Record<string, unknown>, options: Record<string, unknown> = {}) =>
  createSigner({ key: TEST_SECRET, algorithm: 'HS256', ...options })(claims)

test('the JWT guard', async t => {
  const app = await build(t, {}, guardedRoutes)
  const get = (url: string, authorization?: string) =>
    app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } })

  const unauthorized = async (authorization: string | undefined, detail: RegExp, what: string) => {
    const res = await get('/__test/read', authorization)
    t.equal(res.statusCode, 401, what)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.headers['www-authenticate'], 'Bearer')
    t.match(res.json(), { code: 'UNAUTHORIZED', detail }, what)
  }

  await unauthorized(undefined, /bearer token/, 'missing token')
  await unauthorized('Basic abc', /bearer token|not valid/, 'wrong scheme')
  await unauthorized(`Bearer ${sign({ sub: 'u', tenant: 'a', roles: ['reader'], exp: Math.floor(Date.now() / 1000) - 60 })}`, /expired/, 'expired')
  await unauthorized(`Bearer ${sign({ sub: 'u', tenant: 'a', roles: ['reader'] })}`, /not valid/, 'no exp claim')
  const good = tokenFor(app, { tenant: 'a', roles: ['reader'] })
  await unauthorized(`Bearer ${good.slice(0, -3)}${good.endsWith('AAA') ? 'BBB' : 'AAA'}`, /not valid/, 'tampered signature')
  await unauthorized(`Bearer ${createSigner({ key: 'another-secret-of-at-least-32-bytes!!', expiresIn: 60_000 })({ sub: 'u', tenant: 'a', roles: ['reader'] })}`, /not valid/, 'signed with another key')
  await unauthorized(`Bearer ${sign({ sub: 'u', tenant: 'NOT A TENANT', roles: ['reader'] }, { expiresIn: 60_000 })}`, /tenant claim/, 'malformed tenant')

  const ok = await get('/__test/read', `Bearer ${good}`)
  t.equal(ok.statusCode, 200)
  t.same(ok.json(), { tenant: 'a' })

  const forbidden = await get('/__test/admin', `Bearer ${good}`)
  t.equal(forbidden.statusCode, 403)
  t.match(forbidden.json(), { code: 'FORBIDDEN', detail: /admin/ })

  const admin = await get('/__test/read', `Bearer ${tokenFor(app, { tenant: 'a', roles: ['admin'] })}`)
  t.equal(admin.statusCode, 200, 'admin includes reader')
})

test('a route without a declared guard stops the app from starting', async t => {
  await t.rejects(build(t, {}, app => {
    app.get('/__test/unguarded', async () => ({}))
  }), /declares no config.auth/)
})

test('a token accepted (and remembered) is refused from the moment it expires', async t => {
  const app = await build(t, { JWT_CLOCK_TOLERANCE_S: '0' }, guardedRoutes)
  const expMs = (Math.floor(Date.now() / 1000) + 2) * 1000
  const token = `Bearer ${sign({ sub: 'u', tenant: 'a', roles: ['reader'], exp: expMs / 1000 })}`
  const get = async () => await app.inject({ method: 'GET', url: '/__test/read', headers: { authorization: token } })
  t.equal((await get()).statusCode, 200, 'verified')
  t.equal((await get()).statusCode, 200, 'remembered')
  await sleep(expMs - Date.now() + 5)
  const res = await get()
  t.equal(res.statusCode, 401)
  t.match(res.json(), { code: 'UNAUTHORIZED', detail: /expired/ }, 'refused by the verifier, with its reason')
  t.equal((await get()).statusCode, 401, 'and stays refused')
})
