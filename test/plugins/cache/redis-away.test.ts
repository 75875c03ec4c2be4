import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { RedisServer } from '../../helpers/redis-server.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { countRoute } from './count-route.ts'
import { until } from '../../helpers/until.ts'

const ENV = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' }

interface Teardown { teardown: (fn: () => unknown) => void, name: string }

async function setup (t: Teardown) {
  const server = await RedisServer.launch()
  t.teardown(() => server.close())
  const app = await build(t, { ...ENV, REDIS_URL: server.url }, app => { countRoute(app) })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const read = async () => {
    const answer = await app.inject({ method: 'GET', url: '/__test/count', headers: reader })
    return { status: answer.statusCode, count: answer.statusCode === 200 ? answer.json().count as number : -1, cache: String(answer.headers['cache-status']) }
  }
  /** Reads until the cache serves a hit again (bounded: fails the test rather than hang). */
  const untilHit = async () => {
    const seen: Array<Awaited<ReturnType<typeof read>>> = []
    for (let i = 0; i < 200; i++) {
      const answer = await read()
      seen.push(answer)
      if (answer.cache.includes('hit')) break
      await sleep(50)
    }
    return seen
  }
  return { server, app, read, untilHit }
}

test('Redis killed mid-burst: every read answered from Elasticsearch; caching resumes by itself', async t => {
  const { server, app, read, untilHit } = await setup(t)
  t.equal((await read()).cache, 'image-analyses; fwd=miss; stored')
  t.match((await read()).cache, /hit/)

  const answers: Array<Awaited<ReturnType<typeof read>>> = []
  let done = 0
  const worker = async () => {
    while (done < 150) {
      done++
      if (done === 50) await server.stop()
      answers.push(await read())
    }
  }
  await Promise.all(Array.from({ length: 10 }, worker))
  t.equal(answers.length, 150)
  t.same(answers.filter(a => a.status !== 200 || a.count !== 0), [], 'no failed response')
  t.ok(answers.some(a => a.cache.includes('hit')), 'hits before the kill')
  t.ok(answers.some(a => a.cache === 'image-analyses; fwd=miss; detail=redis-unavailable'), 'then straight from Elasticsearch')
  t.equal(app.cacheStats().redis, 'unavailable')

  await server.start()
  const after = await untilHit()
  t.match(after.at(-1), { status: 200, count: 0, cache: /^image-analyses; hit/ }, 'hits resume without intervention')
  t.ok(after.every(a => a.status === 200))
  t.match(app.cacheStats(), { redis: 'ready', pending_invalidations: 0 })
})

test('a write while Redis is frozen (data kept): the pre-outage entry is never served after it', async t => {
  const { server, app, read, untilHit } = await setup(t)
  t.match(await read(), { count: 0, cache: 'image-analyses; fwd=miss; stored' })
  t.match(await read(), { count: 0, cache: /hit/ })
  const plain = server.client()
  await plain.connect()
  t.teardown(() => plain.disconnect())
  const [entryKey] = await plain.keys(`${app.config.redis.keyPrefix}c:*`)
  const epoch = BigInt(app.cacheStats().epoch ?? '')

  server.pause()
  const created = await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }), payload: { id: 'during', ...seedAnalysis() } })
  t.equal(created.statusCode, 201, 'the write succeeds without Redis')
  t.equal(app.cacheStats().pending_invalidations, 2, 'its generation and the epoch are owed')
  t.same(await read(), { status: 200, count: 1, cache: 'image-analyses; fwd=miss; detail=redis-unavailable' })

  server.resume()
  const after = await untilHit()
  t.same(after.filter(a => a.status !== 200 || a.count !== 1), [], 'never the count from before the write')
  t.match(after.at(-1), { count: 1, cache: /hit/ })
  t.equal(app.cacheStats().pending_invalidations, 0)
  t.equal(BigInt(app.cacheStats().epoch ?? ''), epoch + 1n, 'the epoch moved on')
  t.match(await plain.get(entryKey!), /"count":0/, 'the pre-outage entry is still in Redis, out of reach')
})

test('a write while Redis is down and restarted empty: the next read counts it', async t => {
  const { server, app, read } = await setup(t)
  await read()
  await server.stop()
  const created = await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }), payload: { id: 'during', ...seedAnalysis() } })
  t.equal(created.statusCode, 201)
  await server.start()
  await until(() => app.cacheStats().pending_invalidations === 0)
  t.equal(app.cacheStats().pending_invalidations, 0, 'owed generations applied on reconnect')
  t.match(await read(), { status: 200, count: 1, cache: /fwd=miss; stored/ })
})
