import { test } from 'tap'
import { Redis } from 'ioredis'
import { FallbackCounter } from '../../src/plugins/rate-limit-store.ts'
import { REDIS_URL, deleteKeys, uniquePrefix } from '../helpers/build.ts'

/** Two instances' counters on one real Redis, with a call counter on the script (not a stand-in: it still runs). */
function instance (prefix: string) {
  const redis = new Redis(REDIS_URL, { keyPrefix: prefix })
  const counter = new FallbackCounter(redis)
  const scripted = redis as unknown as { rateLimitTake: (...args: unknown[]) => Promise<unknown> }
  const original = scripted.rateLimitTake.bind(redis)
  const calls = { count: 0 }
  scripted.rateLimitTake = async (...args: unknown[]) => { calls.count++; return await original(...args) }
  return { redis, counter, calls }
}

test('leases: most requests cost no Redis call, and instances together never admit more than the limit', async t => {
  const prefix = `${uniquePrefix(t.name)}:`
  const a = instance(prefix)
  const b = instance(prefix)
  t.teardown(async () => { a.redis.disconnect(); b.redis.disconnect(); await deleteKeys(prefix) })
  await Promise.all([a.redis.ping(), b.redis.ping()])

  const max = 1000
  const burst = async (n: number) => {
    const attempts = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b).counter.take('p:read:acme:ann', 60_000, 1, max))
    return (await Promise.all(attempts)).filter(taken => taken.allowed).length
  }
  const early = await burst(800)
  t.equal(early, 800, 'far from the limit everything is admitted')
  t.ok(a.calls.count + b.calls.count < 800 / 8, `most requests were spent from leases (${a.calls.count + b.calls.count} Redis calls for 800)`)
  const admitted = early + await burst(700)
  t.ok(admitted <= max, `never more than the limit (${admitted})`)
  t.ok(admitted >= max - 20, `unused leases cost little (${admitted} of ${max})`)
  const stored = Number(await a.redis.get('rl:p:read:acme:ann'))
  t.ok(stored <= max, `Redis never counted more than the limit (${stored})`)
  const calls = a.calls.count + b.calls.count
  t.equal((await burst(500)), 0, 'a flood past the limit is refused…')
  t.equal(a.calls.count + b.calls.count, calls, '…without reaching Redis')
})

test('near the limit leases shrink to nothing: small budgets are exact', async t => {
  const prefix = `${uniquePrefix(t.name)}:`
  const a = instance(prefix)
  t.teardown(async () => { a.redis.disconnect(); await deleteKeys(prefix) })
  await a.redis.ping()
  const results = []
  for (let i = 0; i < 7; i++) results.push((await a.counter.take('p:write:acme:ann', 60_000, 1, 5)).allowed)
  t.same(results, [true, true, true, true, true, false, false])
  t.equal(a.calls.count, 6, 'a budget of 5 is counted in Redis request by request, until one refusal marks the window full')
  const bulk = await a.counter.take('p:bulk:acme:ann', 60_000, 6, 10)
  t.same([bulk.allowed, bulk.current], [true, 6])
  const over = await a.counter.take('p:bulk:acme:ann', 60_000, 5, 10)
  t.same([over.allowed, over.current], [false, 6], 'a refused batch is not counted')
})
