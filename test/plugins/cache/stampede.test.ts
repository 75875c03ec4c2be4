import { test } from 'tap'
import { bearer, build, uniquePrefix } from '../../helpers/build.ts'
import { countRoute } from './count-route.ts'

const UNLIMITED = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000' }

test('50 identical concurrent misses compute once in a process', async t => {
  const computed = { runs: 0 }
  const app = await build(t, UNLIMITED, app => { countRoute(app, computed, 100) })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const answers = await Promise.all(Array.from({ length: 50 }, () => app.inject({ method: 'GET', url: '/__test/count', headers: reader })))
  t.ok(answers.every(a => a.statusCode === 200 && a.json().count === 0))
  t.equal(computed.runs, 1)
  const statuses = answers.map(a => a.headers['cache-status'])
  t.equal(statuses.filter(s => s === 'image-analyses; fwd=miss; stored').length, 1)
  t.equal(statuses.filter(s => s === 'image-analyses; fwd=miss; collapsed').length, 49)
  t.equal(new Set(answers.map(a => a.headers.etag)).size, 1)
  t.match(app.cacheStats(), { misses: 50, coalesced: 49, fills: 1 })
})

test('two instances on one Redis and one index compute once in total', async t => {
  const prefix = uniquePrefix(t.name)
  const shared = { ...UNLIMITED, ES_INDEX_PREFIX: prefix, REDIS_KEY_PREFIX: `${prefix}:` }
  const runs = [{ runs: 0 }, { runs: 0 }]
  const apps = [
    await build(t, shared, app => { countRoute(app, runs[0], 300) }),
    await build(t, shared, app => { countRoute(app, runs[1], 300) })
  ]
  const reader = bearer(apps[0]!, { tenant: 'acme', roles: ['reader'] })
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => apps[i % 2]!.inject({ method: 'GET', url: '/__test/count', headers: reader })))
  t.ok(answers.every(a => a.statusCode === 200))
  t.equal(new Set(answers.map(a => a.headers.etag)).size, 1, 'every answer is the same body')
  const stats = apps.map(app => app.cacheStats())
  t.equal(runs[0]!.runs + runs[1]!.runs, 1, 'computed once in total')
  const loser = runs[0]!.runs === 0 ? 0 : 1
  t.match(stats[loser], { coalesced: 25, fills: 0, wait_timeouts: 0 }, 'the other instance waited on the lock, its other 24 requests joined that wait')
  t.match(stats[1 - loser], { coalesced: 24, fills: 1 })
  t.equal(answers.filter(a => a.headers['cache-status'] === 'image-analyses; fwd=miss; collapsed').length, 49)

  const again = await apps[loser]!.inject({ method: 'GET', url: '/__test/count', headers: reader })
  t.match(again.headers['cache-status'], /^image-analyses; hit/, 'the winner\'s entry serves both instances')
})
