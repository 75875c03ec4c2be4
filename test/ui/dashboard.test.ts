import { test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Page } from 'playwright-core'
import { bearer } from '../helpers/build.ts'
import { seedAnalysis } from '../helpers/seed.ts'
import { facetLabel } from '../../ui/src/lib/labels.ts'
import { fitsWidth, launchChromium, openTab, screenshot, seriousViolations, startUiApp, TENANT } from './support.ts'

interface ValueCount { value: string, count: number }

/** The <title> of every element of one mark of one chart: Plot gives each bar, cell or line its datum's title. */
async function titles (page: Page, chart: string, mark: string): Promise<string[]> {
  return await page.locator(`figure[data-chart="${chart}"] svg g[aria-label="${mark}"] > *`).evaluateAll(nodes => nodes.map(node => node.querySelector('title')?.textContent ?? ''))
}

test('dashboard: totals, charts that show the API\'s data, heatmap, unmapped, Cache-Status, quiet refresh', async t => {
  // What the service answered the browser (the browser's HTTP cache turns a 304 into the stored 200 for the page).
  const answers: Array<{ status: number, cacheStatus: string, ifNoneMatch: string | undefined, cacheControl: string | undefined }> = []
  const ui = await startUiApp(t, 120, app => {
    app.addHook('onResponse', async (request, reply) => {
      if (request.url !== '/v1/dashboard' || request.headers['user-agent']?.includes('Chrome') !== true) return
      answers.push({ status: reply.statusCode, cacheStatus: String(reply.getHeader('cache-status')), ifNoneMatch: request.headers['if-none-match'], cacheControl: request.headers['cache-control'] })
    })
  })
  const reader = bearer(ui.app, { tenant: TENANT, roles: ['reader'] })
  const browser = await launchChromium(t)
  const { page, problems } = await openTab(browser)
  // The page's timers run on a clock the test can move: the 30 s refresh without waiting 30 s.
  await page.clock.install()
  await page.goto(ui.link(ui.token(['reader'])))
  await page.getByRole('link', { name: 'Dashboard' }).click()
  await page.getByTestId('total').waitFor()
  const dashboard = (await ui.app.inject({ url: '/v1/dashboard', headers: reader })).json()

  await t.test('totals and Cache-Status', async t => {
    t.equal(await page.getByTestId('total').textContent(), '120')
    const status = page.getByTestId('cache-status')
    await status.locator('code').filter({ hasText: /image-analyses/ }).waitFor()
    t.equal(await status.locator('code').textContent(), answers[0]?.cacheStatus, 'the Cache-Status of the answer is shown')
    t.notMatch(answers[0]?.cacheControl ?? '', /no-cache/, 'the page does not ask to bypass the server\'s cache')
  })

  await t.test('each chart rendered the API\'s data', async t => {
    for (const [facet, values] of Object.entries(dashboard.top_values as Record<string, ValueCount[]>)) {
      t.ok(values.length > 0, `${facet} has values`)
      t.same(await titles(page, `top-${facet}`, 'bar'), values.map(v => `${v.value}: ${v.count}`), `${facet}: one bar per top value, in order`)
      const widths = await page.locator(`figure[data-chart="top-${facet}"] g[aria-label="bar"] rect`).evaluateAll(rects => rects.map(rect => Number(rect.getAttribute('width'))))
      t.ok(widths.every(width => width > 0), `${facet}: every bar has a length`)
    }
    const buckets = dashboard.focal_buckets as Array<{ label: string, count: number }>
    t.same(await titles(page, 'focal', 'bar'), buckets.map(b => `${b.label} mm: ${b.count}`), 'focal buckets')
    const days = dashboard.ingested_per_day.days as Array<{ date: string, count: number }>
    t.same(await titles(page, 'ingestion', 'line'), days.map(day => `${day.date}: ${day.count}`), 'the line passes through every day')
    t.ok(days.filter(day => day.count > 0).length >= 5, 'ingestion spread over several days')
    const { moods, settings, counts } = dashboard.mood_by_setting as { moods: string[], settings: string[], counts: number[][] }
    const expected = moods.flatMap((mood, i) => settings.map((setting, j) => `${mood} × ${setting}: ${counts[i]![j]}`))
    t.same(await titles(page, 'mood-setting', 'cell'), expected, 'the heatmap has a cell per mood and setting with its count')
    t.ok(moods.length > 1 && settings.length > 1)
  })

  await t.test('the unmapped vocabulary and the open merge suggestions as a table', async t => {
    const suggestions = dashboard.vocabulary_suggestions as Record<string, number>
    const listed = Object.entries(dashboard.unmapped as Record<string, { documents: number }>).filter(([facet, u]) => u.documents > 0 || suggestions[facet]! > 0)
    const rows = await page.locator('[data-testid="unmapped"] tbody tr').evaluateAll(trs => trs.map(tr => [
      tr.querySelector('th')?.textContent, Number(tr.querySelector('td')?.textContent), Number(tr.querySelector('td:last-child')?.textContent)
    ]))
    t.same(rows, listed.map(([facet, u]) => [facetLabel(facet), u.documents, suggestions[facet]]))
    t.ok(rows.length > 0, 'the demo corpus has unmapped vocabulary')
    t.same(await seriousViolations(page), [], 'axe: no serious or critical violation on the dashboard')
    await screenshot(page, 'dashboard')
  })

  await t.test('every 30 s: a 304 changes nothing, new data replaces the old in place', async t => {
    // Records any moment a chart box is empty after its first drawing (a flicker).
    await page.evaluate(`(() => {
      window.__emptied = 0
      const observer = new MutationObserver(() => { for (const box of document.querySelectorAll('.plot')) if (box.childElementCount === 0) window.__emptied++ })
      for (const box of document.querySelectorAll('.plot')) observer.observe(box, { childList: true })
    })()`)
    const refresh = async () => {
      const shown = await page.getByTestId('cache-status').textContent()
      const refreshed = page.waitForResponse(response => new URL(response.url()).pathname === '/v1/dashboard')
      await page.clock.fastForward(30_000)
      await refreshed
      // The answer is handled once the time it was checked changed (a 304's too): only then has the page drawn it.
      // Polled from here, not with waitForFunction: that one evaluates its predicate with eval, which the page's
      // CSP refuses.
      while (await page.getByTestId('cache-status').textContent() === shown) await sleep(25)
    }
    // The first refresh may meet an entry the cache recomputed since the page loaded (a new ETag, a 200): the
    // page then holds the current one, and the next refresh has nothing new to fetch.
    await refresh()
    await page.evaluate('document.querySelector(\'figure[data-chart="top-setting"] svg\').dataset.first = \'yes\'')
    const before = answers.length
    await refresh()
    t.match(answers[before], { status: 304, ifNoneMatch: /./, cacheStatus: /; hit/ }, 'the refresh revalidated: If-None-Match, a cache hit, a 304')
    t.equal(await page.locator('figure[data-chart="top-setting"] svg[data-first="yes"]').count(), 1, 'the charts were not redrawn')

    const ingester = bearer(ui.app, { tenant: TENANT, roles: ['ingester'] })
    t.equal((await ui.app.inject({ method: 'POST', url: '/v1/analyses?refresh=wait_for', headers: ingester, payload: { ...seedAnalysis(), id: 'fresh-one' } })).statusCode, 201)
    await page.clock.fastForward(30_000)
    await page.getByTestId('total').filter({ hasText: '121' }).waitFor()
    t.equal(answers.at(-1)?.status, 200, 'the changed dashboard arrived')
    t.equal(await page.evaluate('window.__emptied'), 0, 'no chart was ever empty while it was replaced')
  })

  await t.test('usable at 390 px', async t => {
    const phone = await openTab(browser, 390, 844)
    await phone.page.goto(ui.link(ui.token(['reader'])))
    await phone.page.goto(`${ui.url}/#/dashboard`)
    await phone.page.locator('figure[data-chart="mood-setting"] g[aria-label="cell"]').waitFor()
    t.ok(await fitsWidth(phone.page), 'the page fits; the heatmap scrolls inside its box')
    await screenshot(phone.page, 'dashboard-390', false)
    t.same(phone.problems, [])
  })

  t.same(problems, [], 'no script error, console error or CSP violation')
})
