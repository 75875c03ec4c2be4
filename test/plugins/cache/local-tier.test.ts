import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, buildWith, testConfig } from '../../helpers/build.ts'
import { RedisServer } from '../../helpers/redis-server.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { until } from '../../helpers/until.ts'
import { countRoute } from './count-route.ts'

const ENV = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' }

interface Teardown { teardown: (fn: () => unknown) => void, name: string }

/** `instances` apps on one Redis of the test's own and one set of indices: instances of one deployment. */
async function setup (t: Teardown, instances = 1, env: Record<string, string> = {}) {
  const server = await RedisServer.launch()
  t.teardown(() => server.close())
  const config = testConfig(t.name, { ...ENV, REDIS_URL: server.url, ...env })
  const apps: FastifyInstance[] = []
  for (let i = 0; i < instances; i++) apps.push(await buildWith(t, config, app => { countRoute(app) }))
  const plain = server.client()
  plain.on('error', () => {}) // the restart test stops the server under it
  await plain.connect()
  t.teardown(() => plain.disconnect())
  const read = async (app: FastifyInstance, pad = 0) => {
    const answer = await app.inject({ method: 'GET', url: `/__test/count?pad=${pad}`, headers: bearer(app, { tenant: 'acme', roles: ['reader'] }) })
    return { status: answer.statusCode, count: answer.statusCode === 200 ? answer.json().count as number : -1, cache: String(answer.headers['cache-status']) }
  }
  const write = async (app: FastifyInstance, id: string) => {
    const answer = await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }), payload: { id, ...seedAnalysis() } })
    if (answer.statusCode !== 201) throw new Error(`write ${id}: ${answer.statusCode} ${answer.body}`)
  }
  const serving = async (app: FastifyInstance) => await until(() => app.cacheStats().local_tier === 'on')
  /**
   * Reads until the tier serves (bounded): the first store of a tenant starts its generation, a write of the key
   * whose invalidation voids that read's ticket, so the entry reaches the tier on the next read (a Redis hit).
   */
  const warm = async (app: FastifyInstance, pad = 0) => {
    for (let i = 0; i < 5; i++) if ((await read(app, pad)).cache.includes('detail=local')) return true
    return false
  }
  return { server, apps, plain, read, write, serving, warm }
}

const commandCalls = (info: string) => Object.fromEntries([...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map(([, name, calls]) => [name, Number(calls)]))

test('a tier hit sends no data command: one PING on the invalidation connection per event-loop turn', async t => {
  const { apps: [app], plain, read, serving, warm } = await setup(t)
  t.ok(await serving(app!), 'client-side caching set up')
  t.match(await read(app!), { count: 0, cache: 'image-analyses; fwd=miss; stored' })
  t.ok(await warm(app!))
  const before = app!.cacheStats().local_hits
  await plain.config('RESETSTAT')
  const answers = []
  for (let i = 0; i < 300; i++) answers.push(await read(app!))
  const sequential = commandCalls(await plain.info('commandstats'))
  await plain.config('RESETSTAT')
  answers.push(...await Promise.all(Array.from({ length: 300 }, async () => await read(app!))))
  const concurrent = commandCalls(await plain.info('commandstats'))
  t.same(answers.filter(a => !/^image-analyses; hit; ttl=\d+; detail=local$/.test(a.cache) || a.count !== 0), [], 'every read served in memory')
  t.equal(app!.cacheStats().local_hits - before, 600)
  for (const calls of [sequential, concurrent]) {
    t.notOk(calls.mget, 'no MGET')
    // What remains is background (the epoch refresh once a second, the heartbeat, the rate limits' batched
    // accounting): one data command per read would be 300.
    const data = Object.entries(calls).filter(([name]) => !['config', 'info', 'ping'].includes(name)).reduce((sum, [, n]) => sum + n, 0)
    t.ok(data < 75, `data commands: ${JSON.stringify(calls)}`)
  }
  t.ok(sequential.ping! >= 300, 'one read at a time: a PING each')
  t.ok(concurrent.ping! < 100, `300 reads at once share PINGs: ${concurrent.ping}`)
})

test('reads that come while a sync PING is on its way share the next one: one PING per round trip, not per turn', async t => {
  const { apps: [app], plain, read, serving, warm } = await setup(t)
  t.ok(await serving(app!))
  t.match(await read(app!), { count: 0 })
  t.ok(await warm(app!))
  await plain.config('RESETSTAT')
  // Redis holds every command for 200 ms: the first read's PING stays on its way while the others come.
  await plain.client('PAUSE', '200', 'ALL')
  const reads = []
  for (let i = 0; i < 50; i++) {
    reads.push(read(app!))
    await new Promise(resolve => setImmediate(resolve)) // each read in an event-loop turn of its own
  }
  const answers = await Promise.all(reads)
  const calls = commandCalls(await plain.info('commandstats'))
  t.same(answers.filter(a => !/^image-analyses; hit; ttl=\d+/.test(a.cache) || a.count !== 0), [], 'every read a hit of the current count')
  // A read whose rate-limit lease or the epoch refresh waited on the pause may go to Redis: most are served in memory.
  t.ok(answers.filter(a => a.cache.endsWith('detail=local')).length >= 40, 'served in memory')
  // The paused PING, the one the 49 others share, and a heartbeat or two: one PING per turn would be 50.
  t.ok(calls.ping! <= 5, `50 reads in 50 turns during one round trip: ${calls.ping} PINGs`)
})

test('a write on another instance: the next read on this one counts it', async t => {
  const { apps: [a, b], read, write, serving, warm } = await setup(t, 2)
  t.ok(await serving(a!), `a: ${JSON.stringify(a!.cacheStats())}`)
  t.ok(await serving(b!), `b: ${JSON.stringify(b!.cacheStats())}`)
  t.ok(await warm(b!))
  await write(a!, 'one')
  t.match(await read(b!), { count: 1, cache: 'image-analyses; fwd=miss; stored' }, 'never the count of before the write')
  t.match(await read(b!), { count: 1, cache: /detail=local/ })
  t.ok(b!.cacheStats().local_invalidations > 0, 'the invalidation arrived')
})

test('the tracking connection killed: the tier is emptied and bypassed at once, then set up again', async t => {
  const { apps: [app], plain, read, serving, warm } = await setup(t)
  t.ok(await serving(app!))
  for (let round = 1; round <= 2; round++) {
    t.ok(await warm(app!), 'served in memory')
    const list = await plain.client('LIST') as string
    const ids = [...list.matchAll(/id=(\d+) [^\n]* name=(\S+)/g)].filter(([, , name]) => name === 'ias-invalidations').map(([, id]) => id!)
    t.equal(ids.length, 1, 'one tracking connection')
    await plain.client('KILL', 'ID', ids[0]!)
    const next = await read(app!)
    t.match(next, { count: 0, cache: /^image-analyses; hit; ttl=\d+$/ }, `killed (${round}): the very next read asks Redis`)
    t.equal(app!.cacheStats().local_tier, 'off')
    t.ok(await serving(app!), 'set up again')
  }
  t.ok(await warm(app!), 'served in memory again')
  t.ok(app!.cacheStats().local_bypassed > 0)
})

test('Redis restarted empty: bypassed while away, set up again on the new server', async t => {
  const { server, apps: [app], read, write, serving, warm } = await setup(t)
  t.ok(await serving(app!))
  t.ok(await warm(app!))
  await server.stop()
  t.match(await read(app!), { count: 0, cache: 'image-analyses; fwd=miss; detail=redis-unavailable' })
  await write(app!, 'during')
  await server.start()
  t.ok(await serving(app!), 'tracking back on the restarted server')
  await until(() => app!.cacheStats().pending_invalidations === 0)
  t.match(await read(app!), { count: 1, cache: /fwd=miss/ })
  t.ok(await warm(app!))
})

test('memory bounded by CACHE_LOCAL_MAX_BYTES: least recently used evicted', async t => {
  const { apps: [app], read, serving } = await setup(t, 1, { CACHE_LOCAL_MAX_BYTES: '20000' })
  t.ok(await serving(app!))
  for (let pad = 1; pad <= 20; pad++) await read(app!, pad * 100 + 1000)
  t.ok(app!.queryCache.localBytes() <= 20_000, `within the bound: ${app!.queryCache.localBytes()}`)
  t.ok(app!.queryCache.localBytes() > 10_000, 'and used')
  t.ok(app!.cacheStats().local_evictions > 0, 'evictions counted')
  t.match(await read(app!, 2000 + 1000), { cache: /detail=local/ }, 'the most recent entry stays')
  t.match(await read(app!, 100 + 1000), { cache: /^image-analyses; hit; ttl=\d+$/ }, 'the oldest was evicted: Redis serves it')
})

test('CACHE_LOCAL_MAX_BYTES=0: no tier, every hit from Redis', async t => {
  const { apps: [app], read } = await setup(t, 1, { CACHE_LOCAL_MAX_BYTES: '0' })
  await read(app!)
  t.match(await read(app!), { cache: /^image-analyses; hit; ttl=\d+$/ })
  t.equal(app!.cacheStats().local_tier, 'disabled')
})

test('FLUSHALL on the test\'s own Redis: every key invalidated, the tier emptied', async t => {
  const { apps: [app], plain, read, serving, warm } = await setup(t)
  t.ok(await serving(app!))
  t.ok(await warm(app!))
  await plain.flushall()
  t.match(await read(app!), { count: 0, cache: /^image-analyses; fwd=miss/ }, 'nothing served from memory: Redis is empty')
  t.ok(await serving(app!), 'the epoch trusted again')
  t.ok(await warm(app!))
})
