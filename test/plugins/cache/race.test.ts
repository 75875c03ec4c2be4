import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { countRoute } from './count-route.ts'

const ENV = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' }

test('readers racing writes never see a count older than the last acknowledged write', async t => {
  // Each computation takes 100 ms more than Elasticsearch needs, and half the readers ask a query that changes
  // every 250 ms: computations are in flight all the time, so writes keep landing between a reader's query to
  // Elasticsearch and its store, and the entry stored then is read for a while by the others.
  const app = await build(t, ENV, app => { countRoute(app, { runs: 0 }, 100) })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const count = async (key: number) => {
    const answer = await app.inject({ method: 'GET', url: `/__test/count?pad=${key}`, headers: reader })
    return { status: answer.statusCode, count: answer.statusCode === 200 ? answer.json().count as number : -1, cache: String(answer.headers['cache-status']) }
  }
  const total = async () => (await app.inject({ method: 'GET', url: '/v1/dashboard', headers: reader })).json().total as number

  let acknowledged = 0
  const state = { writing: true }
  const violations: string[] = []
  let servedHit = false
  const hammer = async (_: unknown, reader: number) => {
    for (let n = reader; state.writing; n++) {
      const floor = acknowledged
      const { status, count: seen, cache } = await count(reader % 2 === 0 ? n % 3 : 10 + Math.floor(Date.now() / 250) % 1000)
      if (cache.includes('hit')) servedHit = true
      if (status !== 200 || seen < floor) violations.push(`status ${status}, count ${seen} after ${floor} acknowledged writes (${cache})`)
    }
  }
  const readers = Array.from({ length: 10 }, hammer)

  const afterWrite: Array<[number, number, number]> = []
  for (let i = 1; i <= 6; i++) {
    const created = await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: ingester, payload: { id: `doc-${i}`, ...seedAnalysis() } })
    t.equal(created.statusCode, 201)
    acknowledged = i
    afterWrite.push([i, (await count(i % 3)).count, await total()])
  }
  state.writing = false
  await Promise.all(readers)

  t.same(afterWrite.filter(([i, seen, dash]) => seen !== i || dash !== i), [], 'a read right after each write reflects it')
  t.same(violations, [])
  t.ok(servedHit, 'the readers were served from the cache meanwhile')
  t.ok(app.cacheStats().coalesced > 0, 'concurrent misses were coalesced')
})
