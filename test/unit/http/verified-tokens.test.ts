import { test } from 'tap'
import { VERIFIED_TTL_MS, VerifiedTokens } from '../../../src/http/verified-tokens.ts'

const principal = () => ({ sub: 'u', tenant: 'a', roles: ['reader' as const] })
const T0 = 1_800_000_000_000

test('a verified token is trusted exactly inside its nbf/exp window, tolerance included', async t => {
  const tokens = new VerifiedTokens(5000)
  tokens.set('Bearer x', principal(), { exp: T0 / 1000 + 60, nbf: T0 / 1000 + 10 }, T0)
  t.equal(tokens.get('Bearer x', T0 + 4999), undefined, 'before nbf - tolerance: not trusted (and dropped)')
  tokens.set('Bearer x', principal(), { exp: T0 / 1000 + 60, nbf: T0 / 1000 + 10 }, T0)
  t.same(tokens.get('Bearer x', T0 + 5000), principal(), 'at nbf - tolerance')
  t.same(tokens.get('Bearer x', T0 + 65_000), principal(), 'at exp + tolerance, as fast-jwt accepts it')
  t.equal(tokens.get('Bearer x', T0 + 65_001), undefined, 'one millisecond later: verified afresh')
  t.equal(tokens.size, 0, 'the stale entry is dropped')
  t.equal(tokens.get('Bearer y', T0), undefined, 'another header is another token')
})

test('trust ends VERIFIED_TTL_MS after the check, whatever exp says', async t => {
  const tokens = new VerifiedTokens(0)
  tokens.set('Bearer x', principal(), { exp: T0 / 1000 + 86_400 }, T0)
  t.ok(tokens.get('Bearer x', T0 + VERIFIED_TTL_MS))
  t.equal(tokens.get('Bearer x', T0 + VERIFIED_TTL_MS + 1), undefined)
})

test('claims without a numeric exp are not remembered; the count is bounded; principals are frozen', async t => {
  const tokens = new VerifiedTokens(0, 2)
  tokens.set('Bearer none', principal(), {}, T0)
  tokens.set('Bearer text', principal(), { exp: String(T0 / 1000 + 60) }, T0)
  t.equal(tokens.size, 0)
  for (const name of ['a', 'b', 'c']) tokens.set(`Bearer ${name}`, principal(), { exp: T0 / 1000 + 60 }, T0)
  t.equal(tokens.size, 2)
  t.equal(tokens.get('Bearer a', T0), undefined, 'the oldest went first')
  const kept = tokens.get('Bearer c', T0)!
  t.ok(Object.isFrozen(kept) && Object.isFrozen(kept.roles), 'shared by requests: nobody may change it')
})
