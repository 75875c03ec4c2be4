import { test } from 'tap'
import { createRedis } from '../../../src/clients/redis.ts'
import { Generations } from '../../../src/search/cache/generations.ts'
import { QueryCache } from '../../../src/search/cache/query-cache.ts'
import { withCacheCommands } from '../../../src/search/cache/scripts.ts'
import { RedisServer } from '../../helpers/redis-server.ts'

test('a frozen Redis (connected, silent) costs one command timeout per breaker period, not one per read', async t => {
  const server = await RedisServer.launch()
  t.teardown(() => server.close())
  const redis = withCacheCommands(createRedis({ mode: 'standalone', url: server.url, sentinels: [], sentinelName: '', clusterNodes: [], keyPrefix: 'b:', commandTimeoutMs: 100 }))
  redis.on('error', () => {})
  t.teardown(() => { redis.disconnect() })
  await new Promise(resolve => redis.once('ready', resolve))
  const generations = new Generations(redis, { genTtlMs: 60_000, settleMs: 0, epochRefreshMs: 60_000, maxPending: 10, onError: () => {} })
  const cache = new QueryCache(redis, generations, {
    maxEntryBytes: 10_000, genTtlMs: 60_000, lockTtlMs: 1000, lockWaitMs: 1000, pollMs: 5, breakerMs: 60_000, now: Date.now, onError: () => {}
  })
  const read = { tenant: 'acme', kind: 'search' as const, query: 'q', policy: { freshMs: 60_000, staleMs: 0 }, compute: async () => '"from es"' }
  t.equal((await cache.read(read)).outcome.type, 'miss')
  // The fill's unlock is sent without waiting for it: a PING after it on the same connection answers once it is done,
  // so the pause below cannot catch it (its timeout would count as one more error).
  await redis.ping()
  t.equal((await cache.read(read)).outcome.type, 'hit')

  server.pause()
  const wave = await Promise.all(Array.from({ length: 5 }, () => cache.read(read)))
  const after = []
  for (let i = 0; i < 50; i++) after.push(await cache.read(read))
  t.ok([...wave, ...after].every(a => a.body === '"from es"' && a.outcome.type === 'miss' && a.outcome.detail === 'redis-unavailable'))
  t.equal(cache.stats().errors, 5, 'only the reads already waiting on Redis paid the timeout')
  t.equal(cache.stats().bypassed, 55)
  server.resume()
})

test('still frozen after the breaker period: one trial read pays the timeout, the others go straight to Elasticsearch', async t => {
  const server = await RedisServer.launch()
  t.teardown(async () => { server.resume(); await server.close() })
  const redis = withCacheCommands(createRedis({ mode: 'standalone', url: server.url, sentinels: [], sentinelName: '', clusterNodes: [], keyPrefix: 'b:', commandTimeoutMs: 100 }))
  redis.on('error', () => {})
  t.teardown(() => { redis.disconnect() })
  await new Promise(resolve => redis.once('ready', resolve))
  const generations = new Generations(redis, { genTtlMs: 60_000, settleMs: 0, epochRefreshMs: 60_000, maxPending: 10, onError: () => {} })
  const cache = new QueryCache(redis, generations, {
    maxEntryBytes: 10_000, genTtlMs: 60_000, lockTtlMs: 1000, lockWaitMs: 1000, pollMs: 5, breakerMs: 300, now: Date.now, onError: () => {}
  })
  const read = { tenant: 'acme', kind: 'search' as const, query: 'q', policy: { freshMs: 60_000, staleMs: 0 }, compute: async () => '"from es"' }
  t.equal((await cache.read(read)).outcome.type, 'miss')
  // The fill's unlock is sent without waiting for it: a PING after it on the same connection answers once it is done,
  // so the pause below cannot catch it (its timeout would count as one more error).
  await redis.ping()

  server.pause()
  await cache.read(read)
  t.equal(cache.stats().errors, 1)
  t.ok(cache.circuitOpen())
  await new Promise(resolve => setTimeout(resolve, 350))
  const started = performance.now()
  const wave = await Promise.all(Array.from({ length: 10 }, () => cache.read(read)))
  t.ok(wave.every(a => a.body === '"from es"'), 'every read answered from Elasticsearch')
  t.equal(cache.stats().errors, 2, 'one trial read tried Redis; nine did not wait for it')
  t.ok(performance.now() - started < 1000, 'the wave took about one command timeout')

  server.resume()
  await new Promise(resolve => setTimeout(resolve, 350))
  t.equal((await cache.read(read)).outcome.type, 'hit', 'the next trial finds Redis answering: cached again')
  t.notOk(cache.circuitOpen(), 'the breaker closed')
})
