import { test, type Test } from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { JwksCache, jwksKeyResolver } from '../../src/plugins/jwks.ts'

type Handler = (res: ServerResponse) => void

const rsa = (bits = 2048) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' })
const ec = (namedCurve = 'P-256') => generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' })
const json = (body: unknown): Handler => res => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(body)) }

/** A JWKS endpoint whose answer the test changes as it goes, counting the requests it gets. */
async function endpoint (t: Test, initial: Handler) {
  let handler = initial
  let hits = 0
  const server = createServer((_req, res) => { hits++; handler(res) })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.closeAllConnections(); server.close() })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    hits: () => hits,
    answer: (next: Handler) => { handler = next }
  }
}

test('concurrent unknown kids share one fetch; more wait for the interval', async t => {
  // Both keys first: generating one takes a good part of a second on a busy machine, which must not eat the interval.
  const k1 = { ...rsa(), kid: 'k1' }
  const k2 = { ...rsa(), kid: 'k2' }
  const jwks = await endpoint(t, json({ keys: [k1] }))
  const cache = new JwksCache({ url: jwks.url, algorithms: ['RS256'], minIntervalMs: 1000 })
  const found = await Promise.all(Array.from({ length: 20 }, (_, i) => cache.key(`unknown-${i}`, 'RS256')))
  t.same(found, Array(20).fill(undefined))
  t.equal(jwks.hits(), 1, 'one fetch for twenty unknown kids')
  t.match(await cache.key('k1', 'RS256'), /^-----BEGIN PUBLIC KEY-----/)
  t.equal(await cache.key('k1', 'ES256'), undefined, 'a key serves only its own algorithm')

  jwks.answer(json({ keys: [k1, k2] }))
  t.equal(await cache.key('k2', 'RS256'), undefined, 'a new kid inside the interval: refused, no fetch')
  t.equal(jwks.hits(), 1)
  await sleep(1050)
  t.ok(await cache.key('k2', 'RS256'), 'after the interval the rotated key is fetched')
  t.equal(jwks.hits(), 2)
  cache.close()
})

test('a failing endpoint keeps the cached keys; a successful fetch replaces them', async t => {
  const k1 = { ...rsa(), kid: 'k1' }
  const jwks = await endpoint(t, json({ keys: [k1] }))
  const warnings: unknown[] = []
  const cache = new JwksCache({ url: jwks.url, algorithms: ['RS256'], ttlMs: 100, minIntervalMs: 100, log: { warn: (obj: unknown) => { warnings.push(obj) } } as never })
  t.ok(await cache.key('k1', 'RS256'))
  jwks.answer(res => { res.statusCode = 500; res.end('boom') })
  await sleep(150)
  t.ok(await cache.key('k1', 'RS256'), 'stale key served while the refresh runs in the background')
  await cache.refresh() // joins the background refresh
  t.equal(jwks.hits(), 2, 'the stale set triggered one refresh')
  t.ok(await cache.key('k1', 'RS256'), 'the refresh failed: the key is kept')
  t.equal(warnings.length, 1, 'the failure is logged once')
  jwks.answer(res => { res.destroy() })
  await sleep(150)
  t.ok(await cache.key('k1', 'RS256'), 'a dropped connection: the key is kept')
  await cache.refresh()
  t.ok(await cache.key('k1', 'RS256'))
  jwks.answer(json({ keys: [{ ...rsa(), kid: 'k3' }] }))
  await sleep(150)
  await cache.key('k1', 'RS256')
  await cache.refresh()
  t.equal(await cache.key('k1', 'RS256'), undefined, 'a key removed from a successful answer stops verifying')
  t.ok(await cache.key('k3', 'RS256'))
  cache.close()
})

test('only keys that fit the pinned algorithms are kept', async t => {
  const good = { ...rsa(), kid: 'good' }
  const keys = [
    good,
    { ...ec(), kid: 'ec-while-rs256' },
    { kty: 'oct', k: Buffer.from('a-shared-secret-that-must-never-be-a-key').toString('base64url'), kid: 'oct' },
    { ...rsa(), kid: 'rs512', alg: 'RS512' },
    { ...rsa(1024), kid: 'small' },
    { ...rsa(), kid: 'enc', use: 'enc' },
    { ...rsa(), kid: 'wrap-only', key_ops: ['wrapKey'] },
    { ...rsa() },
    { kty: 'RSA', kid: 'broken', n: 'AQAB', e: 'AQAB' },
    'not-an-object'
  ]
  const jwks = await endpoint(t, json({ keys }))
  const cache = new JwksCache({ url: jwks.url, algorithms: ['RS256'] })
  await cache.refresh()
  t.same([...cache.keys.keys()], ['good'])
  const es = await endpoint(t, json({ keys: [{ ...ec(), kid: 'p256', alg: 'ES256' }, { ...ec('P-384'), kid: 'p384' }, { ...rsa(), kid: 'rsa' }] }))
  const esCache = new JwksCache({ url: es.url, algorithms: ['ES256'] })
  await esCache.refresh()
  t.same([...esCache.keys.keys()], ['p256'])
})

test('the endpoint cannot redirect, flood or stall the fetch', async t => {
  const target = await endpoint(t, json({ keys: [{ ...rsa(), kid: 'elsewhere' }] }))
  const redirecting = await endpoint(t, res => { res.statusCode = 302; res.setHeader('location', target.url); res.end() })
  const redirected = new JwksCache({ url: redirecting.url, algorithms: ['RS256'] })
  await redirected.refresh()
  t.equal(redirected.keys.size, 0)
  t.equal(target.hits(), 0, 'the redirect is not followed')

  const huge = await endpoint(t, json({ keys: [{ ...rsa(), kid: 'k', pad: 'x'.repeat(300 * 1024) }] }))
  const flooded = new JwksCache({ url: huge.url, algorithms: ['RS256'] })
  await flooded.refresh()
  t.equal(flooded.keys.size, 0, 'an oversized document is refused')

  const stalling = await endpoint(t, () => {})
  const stalled = new JwksCache({ url: stalling.url, algorithms: ['RS256'], timeoutMs: 200 })
  const started = Date.now()
  t.equal(await stalled.key('k', 'RS256'), undefined)
  t.ok(Date.now() - started < 2000, 'gives up after its timeout')

  const closing = new JwksCache({ url: stalling.url, algorithms: ['RS256'], timeoutMs: 10_000 })
  const pending = closing.key('k', 'RS256')
  closing.close()
  t.equal(await pending, undefined, 'close aborts a fetch in flight')
})

test('the key resolver checks algorithm, kid and issuer before any lookup', async t => {
  const jwks = await endpoint(t, json({ keys: [{ ...rsa(), kid: 'k1' }] }))
  const cache = new JwksCache({ url: jwks.url, algorithms: ['RS256'] })
  const resolve = jwksKeyResolver(cache, ['https://issuer.test'])
  const token = (header: Record<string, unknown>, payload: Record<string, unknown> = { iss: 'https://issuer.test' }) => ({ header, payload }) as never
  await t.rejects(resolve(null, token({ alg: 'HS256', kid: 'k1' })), /algorithm/)
  await t.rejects(resolve(null, token({ alg: 'none', kid: 'k1' })), /algorithm/)
  await t.rejects(resolve(null, token({ alg: 'RS256' })), /kid/)
  await t.rejects(resolve(null, token({ alg: 'RS256', kid: 'x'.repeat(300) })), /kid/)
  await t.rejects(resolve(null, token({ alg: 'RS256', kid: 'k1' }, { iss: 'https://evil.test' })), /issuer/)
  await t.rejects(resolve(null, token({ alg: 'RS256', kid: 'k1' }, {})), /issuer/)
  t.equal(jwks.hits(), 0, 'none of those reached the endpoint')
  t.match(await resolve(null, token({ alg: 'RS256', kid: 'k1' })), /BEGIN PUBLIC KEY/)
  await t.rejects(resolve(null, token({ alg: 'RS256', kid: 'k2' })), /unknown key/)
  t.equal(jwks.hits(), 1)
})
