import { test } from 'tap'
import { dashboardCacheKey } from '../../../../src/search/dashboard/build-dashboard.ts'
import { dayWindow } from '../../../../src/search/dashboard/dashboard-query.ts'

test('the dashboard key is the window\'s last day: the same all day long, another one after midnight UTC', async t => {
  const morning = new Date('2026-12-02T00:00:00.000Z')
  const night = new Date('2026-12-02T23:59:59.999Z')
  const next = new Date('2026-12-03T00:00:00.000Z')
  t.equal(dashboardCacheKey(morning), `dashboard:v1:${dayWindow(morning).to}`)
  t.equal(dashboardCacheKey(night), 'dashboard:v1:2026-12-02')
  t.equal(dashboardCacheKey(next), 'dashboard:v1:2026-12-03', 'the remembered day does not outlive midnight')
  t.equal(dashboardCacheKey(new Date('2026-11-30T12:00:00Z')), 'dashboard:v1:2026-11-30', 'nor does it stick when time goes back')
})
