import { test, type Test } from 'tap'
import { generateKeyPairSync, randomBytes, sign as cryptoSign, type KeyObject } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { build, TEST_SECRET } from '../helpers/build.ts'
import { handmade, hmac, now } from './support.ts'

const ISSUER = 'https://issuer.test'
const AUDIENCE = 'image-analyses'
const claims = { sub: 'u1', tenant: 'acme', roles: ['reader'] }

function routes (app: FastifyInstance): void {
  app.get('/__test/read', { config: { auth: 'reader' } }, async request => ({ tenant: request.user.tenant }))
  app.post('/__test/ingest', { config: { auth: 'ingester' } }, async () => ({ ok: true }))
  app.delete('/__test/admin', { config: { auth: 'admin' } }, async () => ({ ok: true }))
}

/** Each refusal is a documented 4xx problem with its code, never a 5xx. */
async function refused (t: Test, app: FastifyInstance, token: string, status: 401 | 403, what: string, request: { method?: 'GET' | 'POST' | 'DELETE', url?: string } = {}) {
  const res = await app.inject({ method: request.method ?? 'GET', url: request.url ?? '/__test/read', headers: { authorization: `Bearer ${token}` } })
  t.equal(res.statusCode, status, what)
  t.match(res.headers['content-type'], /^application\/problem\+json/, `${what}: problem+json`)
  t.equal(res.json().code, status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', `${what}: code`)
  if (status === 401) t.equal(res.headers['www-authenticate'], 'Bearer', `${what}: challenge`)
}

test('HS256 app: forged, stale and misplaced tokens are refused', async t => {
  const app = await build(t, { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, RATE_LIMIT_IP_MAX: '10000' }, routes)
  const hs = (payload: Record<string, unknown>, alg: 'sha256' | 'sha384' | 'sha512' = 'sha256', name = 'HS256') =>
    handmade({ alg: name, typ: 'JWT' }, payload, hmac(alg, TEST_SECRET))
  const valid = { ...claims, iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600 }

  const ok = await app.inject({ url: '/__test/read', headers: { authorization: `Bearer ${hs(valid)}` } })
  t.equal(ok.statusCode, 200, 'the control token passes')

  await refused(t, app, handmade({ alg: 'none', typ: 'JWT' }, valid), 401, 'alg none, no signature')
  await refused(t, app, handmade({ alg: 'none', typ: 'JWT' }, valid, hmac('sha256', TEST_SECRET)), 401, 'alg none with a signature')
  await refused(t, app, handmade({ alg: 'NONE' }, valid), 401, 'alg NONE')
  await refused(t, app, hs(valid, 'sha512', 'HS512'), 401, 'HS512 is off the list, even with the right secret')
  await refused(t, app, hs(valid, 'sha384', 'HS384'), 401, 'HS384 is off the list')
  await refused(t, app, hs({ ...valid, exp: now() - 60 }), 401, 'expired')
  await refused(t, app, hs({ ...claims, iss: ISSUER, aud: AUDIENCE }), 401, 'no exp')
  await refused(t, app, hs({ ...valid, nbf: now() + 300 }), 401, 'nbf in the future')
  await refused(t, app, hs({ ...valid, aud: 'another-service' }), 401, 'wrong aud')
  await refused(t, app, hs({ ...valid, aud: undefined }), 401, 'no aud')
  await refused(t, app, hs({ ...valid, iss: 'https://evil.test' }), 401, 'wrong iss')
  await refused(t, app, hs({ ...valid, iss: undefined }), 401, 'no iss')
  const good = hs(valid)
  const [header, payload, signature] = good.split('.') as [string, string, string]
  const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA')
  await refused(t, app, `${header}.${payload}.${flipped}`, 401, 'tampered signature')
  const escalated = Buffer.from(JSON.stringify({ ...valid, roles: ['admin'] })).toString('base64url')
  await refused(t, app, `${header}.${escalated}.${signature}`, 401, 'tampered payload (roles raised)')
  await refused(t, app, handmade({ alg: 'HS256' }, valid, hmac('sha256', 'another-secret-of-at-least-32-bytes!!')), 401, 'another key')
  await refused(t, app, handmade({ alg: 'HS256', jku: 'http://127.0.0.1:1/jwks', kid: 'x' }, valid, hmac('sha256', 'attacker-secret-of-at-least-32-bytes')), 401, 'jku/kid headers do not choose the key')
  await refused(t, app, 'not-a-jwt', 401, 'garbage')
  await refused(t, app, `${header}.${payload}`, 401, 'two segments')
  await refused(t, app, hs({ ...valid, tenant: '../other' }), 401, 'malformed tenant')
  await refused(t, app, hs({ ...valid, sub: '' }), 401, 'empty sub')

  await t.test('within the clock tolerance an expiry just past is still accepted', async t => {
    const res = await app.inject({ url: '/__test/read', headers: { authorization: `Bearer ${hs({ ...valid, exp: now() - 2 })}` } })
    t.equal(res.statusCode, 200)
  })

  await t.test('tokens are read from the Authorization header only', async t => {
    for (const url of [`/__test/read?access_token=${good}`, `/__test/read?token=${good}`, `/__test/read?jwt=${good}`]) {
      const res = await app.inject({ url })
      t.equal(res.statusCode, 401, url.split('=')[0])
      t.match(res.json(), { code: 'UNAUTHORIZED', detail: /Authorization header/ })
    }
    const cookie = await app.inject({ url: '/__test/read', headers: { cookie: `token=${good}; access_token=${good}; jwt=${good}` } })
    t.equal(cookie.statusCode, 401, 'cookie')
    const body = await app.inject({ method: 'POST', url: '/__test/ingest', payload: { access_token: good } })
    t.equal(body.statusCode, 401, 'body')
    const scheme = await app.inject({ url: '/__test/read', headers: { authorization: `Token ${good}` } })
    t.equal(scheme.statusCode, 401, 'another scheme')
  })

  await t.test('roles: each route needs its minimum role', async t => {
    const as = (roles: string[]) => hs({ ...valid, roles })
    await refused(t, app, as(['reader']), 403, 'reader on an ingester route', { method: 'POST', url: '/__test/ingest' })
    await refused(t, app, as(['ingester']), 403, 'ingester on an admin route', { method: 'DELETE', url: '/__test/admin' })
    await refused(t, app, as([]), 403, 'no roles grant nothing')
    await refused(t, app, as(['superuser', 'root']), 401, 'unknown roles refuse the token')
    for (const roles of [['admin', {}], ['admin', 1], ['admin', 'superuser'], ['admin', null], 'admin', 'reader,admin', { admin: true }, 3, null, undefined]) {
      await refused(t, app, hs({ ...valid, roles }), 401, `roles ${JSON.stringify(roles)}: the known part is not granted`, { method: 'DELETE', url: '/__test/admin' })
    }
    const ingest = await app.inject({ method: 'POST', url: '/__test/ingest', headers: { authorization: `Bearer ${as(['ingester'])}` } })
    t.equal(ingest.statusCode, 200, 'ingester on an ingester route')
    const admin = await app.inject({ method: 'POST', url: '/__test/ingest', headers: { authorization: `Bearer ${as(['admin'])}` } })
    t.equal(admin.statusCode, 200, 'admin includes ingester')
    const forbidden = await app.inject({ method: 'DELETE', url: '/__test/admin', headers: { authorization: `Bearer ${as(['reader', 'ingester'])}` } })
    t.match(forbidden.json(), { status: 403, detail: "This operation needs the role 'admin'" })
  })
})

function rsaApp (t: Test, publicKey: KeyObject): Promise<FastifyInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-abuse-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'public.pem')
  writeFileSync(path, publicKey.export({ type: 'spki', format: 'pem' }))
  return build(t, { JWT_ALGORITHMS: 'RS256', JWT_PUBLIC_KEY: path, JWT_ISSUER: ISSUER, CURSOR_SECRET: randomBytes(32).toString('hex'), RATE_LIMIT_IP_MAX: '10000' }, routes)
}

const rs = (key: KeyObject, alg = 'RS256', hash = 'sha256', header: Record<string, unknown> = {}) => (payload: Record<string, unknown>) =>
  handmade({ alg, typ: 'JWT', ...header }, payload, input => cryptoSign(hash, Buffer.from(input), key).toString('base64url'))

test('RS256 app with a PEM key: algorithm confusion and foreign keys are refused', async t => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const app = await rsaApp(t, publicKey)
  const valid = { ...claims, iss: ISSUER, exp: now() + 600 }
  const ok = await app.inject({ url: '/__test/read', headers: { authorization: `Bearer ${rs(privateKey)(valid)}` } })
  t.equal(ok.statusCode, 200, 'the control token passes')

  const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string
  await refused(t, app, handmade({ alg: 'HS256', typ: 'JWT' }, valid, hmac('sha256', pem)), 401, 'HS256 signed with the RS public key (PEM text)')
  const der = publicKey.export({ type: 'spki', format: 'der' })
  await refused(t, app, handmade({ alg: 'HS256', typ: 'JWT' }, valid, hmac('sha256', der)), 401, 'HS256 signed with the RS public key (DER)')
  await refused(t, app, rs(privateKey, 'RS512', 'sha512')(valid), 401, 'RS512 is off the list, even with the right key')
  await refused(t, app, rs(privateKey, 'PS256', 'sha256')(valid), 401, 'PS256 is off the list')
  await refused(t, app, handmade({ alg: 'none' }, valid), 401, 'alg none')
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  await refused(t, app, rs(other)(valid), 401, 'another RSA key')
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
  await refused(t, app, handmade({ alg: 'ES256' }, valid, input => cryptoSign('sha256', Buffer.from(input), { key: ec, dsaEncoding: 'ieee-p1363' }).toString('base64url')), 401, 'ES256 with an EC key')
  await refused(t, app, rs(privateKey)({ ...valid, exp: now() - 60 }), 401, 'expired')
  await refused(t, app, rs(privateKey)({ ...valid, iss: 'https://evil.test' }), 401, 'wrong iss')
  await refused(t, app, handmade({ alg: 'HS256' }, valid, hmac('sha256', TEST_SECRET)), 401, 'an HS token signed with the (unused) JWT_SECRET')
})

interface Jwks { server: ReturnType<typeof createServer>, url: string, hits: () => number }

async function jwksServer (t: Test, body: () => unknown): Promise<Jwks> {
  let hits = 0
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    hits++
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(body()))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.closeAllConnections(); server.close() })
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, hits: () => hits }
}

test('RS256 app with a JWKS: unknown kids cause no fetch storm and come only from the configured URL', async t => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }
  const jwks = await jwksServer(t, () => ({ keys: [jwk] }))
  const attacker = await jwksServer(t, () => ({ keys: [] }))
  const app = await build(t, { JWT_ALGORITHMS: 'RS256', JWT_JWKS_URL: jwks.url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, CURSOR_SECRET: randomBytes(32).toString('hex'), RATE_LIMIT_IP_MAX: '10000' }, routes)
  const valid = { ...claims, iss: ISSUER, aud: AUDIENCE, exp: now() + 600 }

  const ok = await app.inject({ url: '/__test/read', headers: { authorization: `Bearer ${rs(privateKey, 'RS256', 'sha256', { kid: 'k1' })(valid)}` } })
  t.equal(ok.statusCode, 200, 'a token with the published kid passes')
  t.equal(jwks.hits(), 1, 'one fetch so far')

  const storm = await Promise.all(Array.from({ length: 50 }, () => {
    const token = rs(privateKey, 'RS256', 'sha256', { kid: randomBytes(8).toString('hex') })(valid)
    return app.inject({ url: '/__test/read', headers: { authorization: `Bearer ${token}` } })
  }))
  t.same(storm.map(res => res.statusCode), Array(50).fill(401), '50 random unknown kids: all 401')
  t.ok(jwks.hits() <= 2, `at most one more fetch (${jwks.hits()} in all)`)

  await refused(t, app, rs(privateKey, 'RS256', 'sha256', { kid: 'k9', jku: attacker.url, x5u: attacker.url })(valid), 401, 'jku/x5u pointing elsewhere')
  await refused(t, app, rs(privateKey, 'RS256', 'sha256', { kid: 'k1' })({ ...valid, iss: attacker.url }), 401, 'iss pointing elsewhere')
  t.equal(attacker.hits(), 0, 'keys never come from a URL the token names')
  await refused(t, app, rs(privateKey, 'RS256', 'sha256', {})(valid), 401, 'no kid')
  await refused(t, app, handmade({ alg: 'HS256', kid: 'k1' }, valid, hmac('sha256', JSON.stringify(jwk))), 401, 'HS256 signed with the JWK as a secret')
  await refused(t, app, handmade({ alg: 'none', kid: 'k1' }, valid), 401, 'alg none with a known kid')
  await refused(t, app, rs(privateKey, 'RS256', 'sha256', { kid: 'k1' })({ ...valid, aud: 'x' }), 401, 'wrong aud')
})

test('a JWKS app whose first requests all carry unknown kids fetches once', async t => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwks = await jwksServer(t, () => ({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'e1' }] }))
  const app = await build(t, { JWT_ALGORITHMS: 'ES256', JWT_JWKS_URL: jwks.url, JWT_ISSUER: ISSUER, CURSOR_SECRET: randomBytes(32).toString('hex'), RATE_LIMIT_IP_MAX: '10000' }, routes)
  const es = (kid: string) => handmade({ alg: 'ES256', kid }, { ...claims, iss: ISSUER, exp: now() + 600 },
    input => cryptoSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'))
  const storm = await Promise.all(Array.from({ length: 50 }, () =>
    app.inject({ url: '/__test/read', headers: { authorization: `Bearer ${es(randomBytes(6).toString('hex'))}` } })))
  t.same(storm.map(res => res.statusCode), Array(50).fill(401))
  t.equal(jwks.hits(), 1, 'single flight: one fetch for all of them')
  const ok = await app.inject({ url: '/__test/read', headers: { authorization: `Bearer ${es('e1')}` } })
  t.equal(ok.statusCode, 200, 'the published key verifies from the cache')
  t.equal(jwks.hits(), 1)
})
