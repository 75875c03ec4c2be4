import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { until } from '../../helpers/until.ts'

test('the dashboard is served stale while one request revalidates, never after a write', async t => {
  const app = await build(t, { DASHBOARD_FRESH_S: '1', DASHBOARD_STALE_S: '60' })
  const reader = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const get = async () => await app.inject({ method: 'GET', url: '/v1/dashboard', headers: reader })

  const first = await get()
  t.equal(first.headers['cache-status'], 'image-analyses; fwd=miss; stored')
  await sleep(1100)
  const stale = await Promise.all([get(), get(), get()])
  for (const answer of stale) {
    t.match(answer.headers['cache-status'], /^image-analyses; hit; ttl=-\d+$/, 'stale: negative ttl')
    t.equal(answer.body, first.body)
  }
  await until(() => app.cacheStats().revalidations > 0, 2000)
  t.match(app.cacheStats(), { stale: 3, revalidations: 1 }, 'one revalidation for three stale answers')
  const fresh = await get()
  t.match(fresh.headers['cache-status'], /^image-analyses; hit; ttl=\d+(; detail=local)?$/)
  t.not(fresh.json().generated_at, first.json().generated_at, 'revalidated in the background')

  await sleep(1100)
  await app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }), payload: { id: 'a', ...seedAnalysis() } })
  const afterWrite = await get()
  t.equal(afterWrite.headers['cache-status'], 'image-analyses; fwd=miss; stored', 'a write ends staleness at once')
  t.equal(afterWrite.json().total, 1)
})
