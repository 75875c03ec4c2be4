import { test } from 'tap'
import { createRedis } from '../../../src/clients/redis.ts'
import { IdempotencyStore } from '../../../src/search/idempotency/idempotency-store.ts'
import { deleteKeys, REDIS_URL, uniquePrefix } from '../../helpers/build.ts'

// The state machine of one key on the real Redis, with the clock in the test's hands: a holder that outlived its
// lease (crashed, or stuck past every timeout) is taken over, and what it does afterwards changes nothing.
test('pending, in flight, taken over after the lease, settled by a later attempt', async t => {
  const prefix = `${uniquePrefix(t.name)}:`
  const redis = createRedis({ mode: 'standalone', url: REDIS_URL, sentinels: [], sentinelName: '', clusterNodes: [], keyPrefix: prefix, commandTimeoutMs: 1000 })
  t.teardown(async () => { redis.disconnect(); await deleteKeys(prefix) })
  await new Promise(resolve => redis.once('ready', resolve))
  let clock = Date.parse('2026-12-01T10:00:00.000Z')
  const store = new IdempotencyStore(redis, { ttlMs: 60_000, leaseMs: 5000, now: () => clock })

  const first = await store.begin('acme', 'k', 'fp')
  if (first.kind !== 'execute') throw new Error(`expected to run, got ${first.kind}`)
  t.same([first.settle, first.at.toISOString()], [false, '2026-12-01T10:00:00.000Z'], 'the first attempt runs afresh')
  t.same(await store.begin('acme', 'k', 'other'), { kind: 'reused' }, 'another request with the key')
  clock += 4999
  t.same(await store.begin('acme', 'k', 'fp'), { kind: 'in-flight' }, 'within the lease')

  clock += 2
  const second = await store.begin('acme', 'k', 'fp')
  if (second.kind !== 'execute') throw new Error(`expected a takeover, got ${second.kind}`)
  t.equal(second.settle, true, 'the first holder may have written: the taker-over settles')
  t.equal(second.at.toISOString(), '2026-12-01T10:00:00.000Z', 'with the first attempt\'s time, to recognize its document')
  await store.finish(first.claim, { status: 500, headers: {}, body: 'late' })
  t.same(await store.begin('acme', 'k', 'fp'), { kind: 'in-flight' }, 'the first holder, late, records nothing over the second')

  await store.abandon(second.claim)
  const third = await store.begin('acme', 'k', 'fp')
  if (third.kind !== 'execute') throw new Error(`expected a rerun, got ${third.kind}`)
  t.same([third.settle, third.at.toISOString()], [true, '2026-12-01T10:00:00.000Z'], 'an unknown outcome runs again at once, settling')
  await store.finish(third.claim, { status: 201, headers: { etag: '"e"' }, body: '{"id":"a"}' })
  t.same(await store.begin('acme', 'k', 'fp'), { kind: 'replay', response: { status: 201, headers: { etag: '"e"' }, body: '{"id":"a"}' } })
  t.same((await store.begin('rival', 'k', 'fp')).kind, 'execute', 'another tenant\'s key')
})
