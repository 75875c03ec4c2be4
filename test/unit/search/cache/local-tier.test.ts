import { test } from 'tap'
import { LocalTier } from '../../../../src/search/cache/local-tier.ts'
import { TrackedKeys } from '../../../../src/search/cache/tracked-keys.ts'

const entry = (body: string) => ({ body, etag: '"e"', storedAt: 0 })
// The tier keeps the body encoded, as a hit sends it.
const encoded = (body: string) => ({ ...entry(body), body: Buffer.from(body) })

test('tracked keys: a ticket is trusted only if no invalidation came after it was taken', async t => {
  const clock = { now: 0 }
  const keys = new TrackedKeys(1000, () => clock.now)
  t.equal(keys.begin('gen:{a}'), null, 'nothing before tracking is on')
  keys.activate(0)
  const ticket = keys.begin('gen:{a}')!
  t.ok(keys.settle('gen:{a}', ticket, '5'))
  t.equal(keys.value('gen:{a}'), '5')
  t.notOk(keys.settle('gen:{a}', ticket, '6'), 'a later read with another value: the first stays (its write\'s invalidation is on its way)')

  const late = keys.begin('gen:{b}')!
  keys.invalidate('gen:{b}')
  t.notOk(keys.settle('gen:{b}', late, '7'), 'invalidated while the read was in flight')
  t.equal(keys.value('gen:{b}'), null)

  const old = keys.begin('gen:{c}')!
  keys.deactivate()
  keys.activate(0)
  t.notOk(keys.settle('gen:{c}', old, '1'), 'a ticket of a former session')
  t.equal(keys.value('gen:{a}'), null, 'a new session starts empty')

  t.ok(keys.settle('gen:{a}', keys.begin('gen:{a}')!, '9'))
  clock.now = 1500
  t.equal(keys.value('gen:{a}'), null, 'the lease ran out')
  keys.confirm(1400)
  t.equal(keys.value('gen:{a}'), '9', 'an answered heartbeat renews it')
})

test('local tier: hits need the trusted generation and epoch; bytes bounded, least recently used evicted', async t => {
  const counted: string[] = []
  const tier = new LocalTier(1000, 60_000, (tenant, kind, counter) => { counted.push(`${tenant}/${kind}/${counter}`) })
  tier.keys.activate(performance.now())
  tier.keys.settle('epoch', tier.keys.begin('epoch')!, 'E')
  t.ok(tier.serving)
  const put = (key: string, generation: string, body: string) => { tier.put('gen:{a}', tier.keys.begin('gen:{a}'), key, generation, entry(body), 'a', 'search') }

  // 200 one-byte characters: 200 bytes + 2 × (2 + 3) for key and ETag + 160 = 370 bytes each, two fit in 1000.
  put('k1', 'g1', 'x'.repeat(200))
  t.same(tier.get('gen:{a}', 'k1', 'E'), encoded('x'.repeat(200)))
  t.equal(tier.get('gen:{a}', 'k1', 'F'), null, 'another epoch')
  put('k2', 'g1', 'y'.repeat(200))
  t.ok(tier.get('gen:{a}', 'k1', 'E'), 'k1 used: k2 is now the least recent')
  put('k3', 'g1', 'z'.repeat(200))
  t.ok(tier.bytes <= 1000, `bounded: ${tier.bytes}`)
  t.equal(tier.get('gen:{a}', 'k2', 'E'), null, 'the least recently used went')
  t.ok(tier.get('gen:{a}', 'k1', 'E'))
  t.same(counted, ['a/search/local_evictions'])
  put('k4', 'g1', 'é'.repeat(150))
  t.equal(tier.get('gen:{a}', 'k4', 'E')?.body.length, 300, 'counted in UTF-8 bytes: two per é')
  t.equal(tier.get('gen:{a}', 'k3', 'E'), null, '300 + 170 bytes more: k3, the least recent, went')
  put('big', 'g1', 'w'.repeat(1000))
  t.equal(tier.get('gen:{a}', 'big', 'E'), null, 'larger than the whole tier: not kept')

  tier.invalidate(['gen:{a}'])
  t.equal(tier.get('gen:{a}', 'k1', 'E'), null, 'the generation is forgotten')
  put('k1', 'g2', 'v')
  t.ok(tier.get('gen:{a}', 'k1', 'E'), 'the next generation, learnt again')
  tier.invalidate(['epoch'])
  t.equal(tier.size, 0, 'an epoch change empties the tier')
  t.notOk(tier.serving)
  tier.keys.settle('epoch', tier.keys.begin('epoch')!, 'E')
  put('k1', 'g2', 'v')
  tier.invalidate(null)
  t.equal(tier.size, 0, 'every key invalidated: emptied')
  t.ok(tier.keys.active, 'tracking stays on')
  t.same(counted.slice(2), ['a/invalidate/local_invalidations', 'null/invalidate/local_invalidations', 'null/invalidate/local_invalidations'])
})
