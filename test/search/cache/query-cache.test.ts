import { setTimeout as sleep } from 'node:timers/promises'
import { randomBytes } from 'node:crypto'
import { test } from 'tap'
import { createRedis, type RedisClient } from '../../../src/clients/redis.ts'
import { Generations } from '../../../src/search/cache/generations.ts'
import { entryKey, generationKey, LINEAGE_KEY, queryDigest } from '../../../src/search/cache/keys.ts'
import type { CachedRead } from '../../../src/search/cache/cache-types.ts'
import { QueryCache } from '../../../src/search/cache/query-cache.ts'
import { withCacheCommands } from '../../../src/search/cache/scripts.ts'

// Domain tests: Redis only, no app (build.ts would load every route).
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

interface Teardown { teardown: (fn: () => unknown) => void, name: string }

const clock = { now: 1_000_000 }
const POLICY = { freshMs: 60_000, staleMs: 0 }

async function connect (t: Teardown, keyPrefix: string): Promise<RedisClient> {
  const redis = createRedis({ mode: 'standalone', url: REDIS_URL, sentinels: [], sentinelName: '', clusterNodes: [], keyPrefix, commandTimeoutMs: 500 })
  redis.on('error', () => {})
  t.teardown(() => { redis.disconnect() })
  if (redis.status !== 'ready') await new Promise(resolve => redis.once('ready', resolve))
  return redis
}

async function makeCache (t: Teardown, keyPrefix: string, overrides: { maxEntryBytes?: number, settleMs?: number } = {}) {
  const redis = withCacheCommands(await connect(t, keyPrefix))
  const generations = new Generations(redis, { genTtlMs: 3_600_000, settleMs: overrides.settleMs ?? 0, epochRefreshMs: 60_000, maxPending: 100, onError: () => {} })
  generations.start()
  t.teardown(async () => { await generations.stop() })
  const cache = new QueryCache(redis, generations, {
    maxEntryBytes: overrides.maxEntryBytes ?? 65_536,
    genTtlMs: 3_600_000,
    lockTtlMs: 10_000,
    lockWaitMs: 5000,
    pollMs: 5,
    breakerMs: 0,
    now: () => clock.now,
    onError: () => {}
  })
  return { redis, generations, cache }
}

function prefixFor (t: Teardown): string {
  const prefix = `t-query-cache-${randomBytes(4).toString('hex')}:`
  t.teardown(async () => {
    const plain = await connect({ teardown: () => {}, name: '' }, '')
    const keys = await plain.keys(`${prefix}*`)
    if (keys.length > 0) await plain.unlink(...keys)
    plain.disconnect()
  })
  return prefix
}

/** A computation that counts its runs and answers after `delayMs`. */
function counter (delayMs = 0) {
  const state = { runs: 0 }
  const compute = async () => {
    state.runs++
    const run = state.runs
    if (delayMs > 0) await sleep(delayMs)
    return JSON.stringify({ run })
  }
  return { state, compute }
}

const readOf = (compute: () => Promise<string>, extra: Partial<CachedRead> = {}): CachedRead =>
  ({ tenant: 'acme', kind: 'search', query: 'q=jungle', policy: POLICY, compute, ...extra })

test('miss, store, then a hit in one Redis round trip; a write orphans the entry', async t => {
  const { redis, cache } = await makeCache(t, prefixFor(t))
  const { state, compute } = counter()

  const first = await cache.read(readOf(compute))
  t.same(first.outcome, { type: 'miss', stored: true, collapsed: false })
  t.equal(first.body, '{"run":1}')

  let commands = 0
  const send = redis.sendCommand
  redis.sendCommand = function (this: unknown, ...args: unknown[]) { commands++; return Reflect.apply(send, this, args) } as typeof send
  const second = await cache.read(readOf(compute))
  redis.sendCommand = send
  t.equal(commands, 1, 'a hit is one round trip (generation and entry in one script)')
  t.same(second.outcome, { type: 'hit', ttlS: 60 })
  t.equal(second.body, first.body)
  t.equal(second.etag, first.etag)
  t.equal(state.runs, 1)

  const other = await cache.read(readOf(compute, { tenant: 'umbrella' }))
  t.equal(other.outcome.type, 'miss', 'tenants never share entries')
  const otherKind = await cache.read(readOf(compute, { kind: 'facet-values' }))
  t.equal(otherKind.outcome.type, 'miss', 'kinds never share entries')

  t.equal(await cache.invalidate('acme'), true)
  const third = await cache.read(readOf(compute))
  t.equal(third.outcome.type, 'miss', 'the next generation has no entry')
  t.equal(third.body, '{"run":4}')
  t.match(cache.stats(), { hits: 1, misses: 4, fills: 4, errors: 0, coalesced: 0, pending_invalidations: 0, epoch: /^\d{16}$/, redis: 'ready' })
})

test('a fill that raced a write is not stored under the old generation', async t => {
  const { cache } = await makeCache(t, prefixFor(t))
  let release: () => void = () => {}
  const gate = new Promise<void>(resolve => { release = resolve })
  const slow = cache.read(readOf(async () => { await gate; return '"before the write"' }))
  await sleep(20)
  await cache.invalidate('acme')
  release()
  const raced = await slow
  t.same(raced.outcome, { type: 'miss', stored: false, collapsed: false }, 'the generation moved on: not stored')
  const after = await cache.read(readOf(async () => '"after the write"'))
  t.equal(after.body, '"after the write"')
  t.equal(after.outcome.type, 'miss')
})

test('50 identical concurrent misses compute once in a process', async t => {
  const { cache } = await makeCache(t, prefixFor(t))
  const { state, compute } = counter(50)
  const answers = await Promise.all(Array.from({ length: 50 }, () => cache.read(readOf(compute))))
  t.equal(state.runs, 1)
  t.ok(answers.every(a => a.body === '{"run":1}'))
  t.equal(answers.filter(a => a.outcome.type === 'miss' && a.outcome.collapsed).length, 49)
  t.match(cache.stats(), { misses: 50, coalesced: 49, fills: 1 })
})

test('two processes on one Redis compute once: the loser of the lock waits for the winner\'s entry', async t => {
  const prefix = prefixFor(t)
  const a = await makeCache(t, prefix)
  const b = await makeCache(t, prefix)
  const { state, compute } = counter(150)
  const first = a.cache.read(readOf(compute))
  await sleep(30)
  const rest = await Promise.all(Array.from({ length: 25 }, () => b.cache.read(readOf(compute))))
  t.equal((await first).outcome.type, 'miss')
  t.equal(state.runs, 1, 'computed once in total')
  t.ok(rest.every(r => r.body === '{"run":1}'))
  t.equal(b.cache.stats().coalesced, 25, 'one waited on the lock, 24 joined it in process')
  t.equal(b.cache.stats().fills, 0)
  t.equal(b.cache.stats().wait_timeouts, 0)
})

test('stale-while-revalidate within a generation, never across one', async t => {
  const { cache } = await makeCache(t, prefixFor(t))
  const { state, compute } = counter()
  const policy = { freshMs: 1000, staleMs: 5000 }
  const read = readOf(compute, { kind: 'dashboard', policy })
  await cache.read(read)
  clock.now += 1500
  const stale = await cache.read(read)
  t.same(stale.outcome, { type: 'hit', ttlS: -1 }, 'served stale')
  t.equal(stale.body, '{"run":1}')
  const again = await cache.read(read)
  t.equal(again.outcome.type, 'hit', 'still stale while one revalidation runs')
  while (cache.stats().revalidations === 0) await sleep(5)
  t.equal(state.runs, 2, 'revalidated once')
  const fresh = await cache.read(read)
  t.same(fresh, { body: '{"run":2}', etag: fresh.etag, outcome: { type: 'hit', ttlS: 1 } })
  t.equal(cache.stats().stale, 2)

  clock.now += 1500
  await cache.invalidate('acme')
  const afterWrite = await cache.read(read)
  t.equal(afterWrite.outcome.type, 'miss', 'after a write the stale entry is out of reach')
  t.equal(afterWrite.body, '{"run":3}')

  clock.now += 6001
  const expired = await cache.read(read)
  t.equal(expired.outcome.type, 'miss', 'beyond fresh + stale it is recomputed in line')
})

test('answers larger than the limit are served, not stored', async t => {
  const { cache } = await makeCache(t, prefixFor(t), { maxEntryBytes: 1024 })
  const big = async () => JSON.stringify('x'.repeat(2000))
  t.same((await cache.read(readOf(big))).outcome, { type: 'miss', stored: false, collapsed: false })
  t.equal((await cache.read(readOf(big))).outcome.type, 'miss')
  t.equal(cache.stats().oversized, 2)
})

test('entries and generations always carry a TTL', async t => {
  const prefix = prefixFor(t)
  const { redis, generations, cache } = await makeCache(t, prefix)
  await cache.read(readOf(async () => '1'))
  await cache.invalidate('acme')
  await cache.read(readOf(async () => '2'))
  const plain = await connect(t, '')
  const keys = await plain.keys(`${prefix}*`)
  t.equal(keys.length, 4, 'lineage, epoch, generation and one entry (the second answer replaced the first)')
  for (const key of keys) t.ok(await plain.pttl(key) > 0, `${key} expires`)
  const entry = entryKey('acme', 'search', queryDigest('q=jungle'), generations.epoch ?? '')
  t.match(await redis.get(entry), new RegExp(`^${await redis.get(generationKey('acme'))}\n\\d+\n"[\\w-]+"\n2$`), 'headed by the current generation')
  t.ok(await redis.pttl(generationKey('acme')) > await redis.pttl(entry), 'the generation outlives its entries')
})

test('a generation that disappears (expired, evicted) restarts above every old one', async t => {
  const { redis, cache } = await makeCache(t, prefixFor(t))
  await cache.read(readOf(async () => '"before"'))
  const first = BigInt(await redis.get(generationKey('acme')) ?? '0')
  t.ok(first > 1_000_000_000_000_000n, 'a new lineage starts from the server clock in microseconds')
  await redis.del(generationKey('acme'))
  const after = await cache.read(readOf(async () => '"after"'))
  t.equal(after.body, '"after"', 'the old entry is out of reach')
  t.ok(BigInt(await redis.get(generationKey('acme')) ?? '0') > first)
})

test('a write while Redis is away: remembered, applied with an epoch bump when it is back', async t => {
  const { redis, generations, cache } = await makeCache(t, prefixFor(t))
  await cache.read(readOf(async () => '"old"'))
  const epoch = BigInt(generations.epoch ?? '')
  const generation = BigInt(await redis.get(generationKey('acme')) ?? '')
  redis.disconnect(true) // a blip: the client reconnects by itself after its backoff
  t.equal(await cache.invalidate('acme'), false, 'the INCR failed')
  t.equal(cache.stats().pending_invalidations, 2, 'the tenant and the epoch are owed')
  const away = await cache.read(readOf(async () => '"from es"'))
  t.same(away.outcome, { type: 'miss', stored: false, collapsed: false, detail: 'redis-unavailable' })
  while (generations.pending > 0) await sleep(5)
  t.equal(BigInt(generations.epoch ?? ''), epoch + 1n, 'the epoch moved on')
  t.equal(BigInt(await redis.get(generationKey('acme')) ?? ''), generation + 1n, 'the generation moved on')
  const back = await cache.read(readOf(async () => '"new"'))
  t.equal(back.body, '"new"', 'the pre-outage entry is never served')
  t.equal(back.outcome.type, 'miss')
  t.ok(cache.stats().errors >= 1)
})

test('reconnecting to another master (a failover) bumps the epoch: INCRs the old master acknowledged may be missing', async t => {
  const { redis, generations, cache } = await makeCache(t, prefixFor(t))
  await cache.read(readOf(async () => '"old"'))
  const replid = /^master_replid:(\w+)/m.exec(await redis.info('replication'))![1]
  while (await redis.get(LINEAGE_KEY) === null) await sleep(5)
  t.equal(await redis.get(LINEAGE_KEY), replid, 'the master\'s replication id is recorded at start')
  const epoch = BigInt(generations.epoch ?? '')
  await generations.recover()
  t.equal(BigInt(generations.epoch ?? ''), epoch, 'the same master: nothing owed')
  // What a promoted replica looks like to the instances: the recorded id is its old master's.
  await redis.set(LINEAGE_KEY, 'the-old-master')
  await generations.recover()
  t.equal(BigInt(generations.epoch ?? ''), epoch + 1n, 'another master: the epoch moved on')
  t.equal(await redis.get(LINEAGE_KEY), replid, 'and the new lineage is recorded')
  const back = await cache.read(readOf(async () => '"new"'))
  t.equal(back.body, '"new"', 'no entry of before the failover is served')
})

test('a write is settled once more after Elasticsearch\'s refresh interval', async t => {
  const { redis, cache } = await makeCache(t, prefixFor(t), { settleMs: 30 })
  const generation = async () => BigInt(await redis.get(generationKey('acme')) ?? '0')
  await cache.invalidate('acme')
  const first = await generation()
  await cache.invalidate('acme')
  t.equal(await generation(), first + 1n)
  while (await generation() !== first + 2n) await sleep(10)
  await sleep(80)
  t.equal(await generation(), first + 2n, 'one settle for a burst of writes')
})

test('settles still due when the process stops are applied, not lost', async t => {
  const { redis, generations, cache } = await makeCache(t, prefixFor(t), { settleMs: 60_000 })
  await cache.invalidate('acme')
  const first = BigInt(await redis.get(generationKey('acme')) ?? '0')
  await generations.stop()
  t.equal(BigInt(await redis.get(generationKey('acme')) ?? '0'), first + 1n)
})
