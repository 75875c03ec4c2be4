import { test } from 'tap'
import type { Page } from 'playwright-core'
import { bearer } from '../helpers/build.ts'
import { parseState, searchQuery } from '../../ui/src/lib/search-state.ts'
import { fitsWidth, launchChromium, openTab, screenshot, seriousViolations, startUiApp, TENANT } from './support.ts'

interface Counted { value: string, count: number }

test('explorer: search as you type, disjunctive facets, focal range, sort, paging, URL state', async t => {
  const ui = await startUiApp(t, 150)
  const headers = bearer(ui.app, { tenant: TENANT, roles: ['reader'] })
  const api = async (path: string) => {
    const res = await ui.app.inject({ url: path, headers })
    t.equal(res.statusCode, 200, `the API answers ${path}`)
    return res.json()
  }
  const browser = await launchChromium(t)
  const { page, problems } = await openTab(browser)
  const results = page.locator('section.results')
  const settled = async () => { await page.locator('section.results[aria-busy="false"]').waitFor() }
  /** The state in the address bar, as the API query the page sent for it. */
  const pageQuery = () => searchQuery(parseState(new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '')))
  const expected = async () => await api(`/v1/search?${pageQuery()}`)
  const heading = () => page.locator('#results-title')
  const totalText = (total: number) => `${total.toLocaleString('en')} ${total === 1 ? 'analysis' : 'analyses'}`

  await page.goto(ui.link(ui.token(['reader'])))
  await settled()
  t.equal(await heading().textContent(), totalText(150), 'every analysis of the tenant, before any search')

  await t.test('typing searches; an answer overtaken by a newer query is cancelled, never shown', async t => {
    let release = () => {}
    const held = new Promise<void>(resolve => { release = resolve })
    const aborted: string[] = []
    page.on('requestfailed', request => { aborted.push(new URL(request.url()).searchParams.get('q') ?? '') })
    await page.route(url => url.pathname === '/v1/search' && url.searchParams.get('q') === 'forest', async route => {
      await held
      await route.continue().catch(() => {})
    })
    const box = page.getByLabel('Search analyses')
    await box.pressSequentially('forest')
    await page.getByRole('status').filter({ hasText: 'Searching…' }).waitFor()
    t.pass('the loading state shows while an answer is pending')
    await box.fill('jungle')
    await box.press('Enter')
    const jungle = await api('/v1/search?q=jungle&size=1&facets=')
    await heading().filter({ hasText: totalText(jungle.total) }).waitFor()
    release()
    await page.unroute('**/v1/search**')
    await settled()
    t.ok(aborted.includes('forest'), 'the pending search for "forest" was aborted')
    t.equal(await heading().textContent(), totalText(jungle.total), 'the page shows the newer query\'s answer')
    t.match(new URL(page.url()).hash, /q=jungle/, 'the address bar holds the text')
    const marks = await results.locator('article.card mark').allTextContents()
    t.ok(marks.length > 0 && marks.every(text => /jungle/i.test(text)), 'matches are highlighted in the cards')
  })

  await t.test('ticked facets: counts equal the API\'s disjunctive counts for the same query', async t => {
    await page.locator('[data-facet="setting"] input[type="checkbox"]').first().check()
    await page.waitForURL(/setting=/)
    await settled()
    await page.locator('[data-facet="lens"] input[type="checkbox"]').first().check()
    await page.waitForURL(/lens=/)
    await settled()
    const answer = await expected()
    t.equal(await heading().textContent(), totalText(answer.total), 'the total is the API\'s')
    for (const facet of ['setting', 'lens', 'mood']) {
      const shown = await panelCounts(page, facet)
      t.same(shown, answer.facets[facet].map(({ value, count }: Counted) => ({ value, count })), `${facet}: the counts are the API's`)
    }
    const checked = await page.locator('[data-facet="setting"] input[type="checkbox"]:checked').count()
    t.equal(checked, 1, 'the ticked value stays ticked')
    t.same(await seriousViolations(page), [], 'axe: no serious or critical violation on the explorer with a selection')
    await screenshot(page, 'explorer')
  })

  await t.test('a facet\'s typeahead lists the API\'s values for the prefix under the selection', async t => {
    const objects = page.locator('[data-facet="objects"]')
    await objects.locator('summary').click()
    const top = (await api(`/v1/facets/objects/values?${new URLSearchParams(new URL(page.url()).hash.split('?')[1])}&size=1`)).values[0]
    const prefix = top.value.slice(0, 2)
    await page.getByLabel('Find objects values').fill(prefix)
    const answer = await api(`/v1/facets/objects/values?${new URLSearchParams(new URL(page.url()).hash.split('?')[1])}&prefix=${encodeURIComponent(prefix)}&size=10`)
    await objects.locator('.facet-values[aria-busy="false"] li').nth(answer.values.length - 1).waitFor()
    t.same(await panelCounts(page, 'objects'), answer.values.map(({ value, count }: Counted) => ({ value, count })))
  })

  await t.test('focal buckets and the range input set focal_min / focal_max', async t => {
    await page.locator('[data-facet="focal_mm"] label').filter({ hasText: '71–135 mm' }).locator('input').check()
    await page.waitForURL(/focal_min=71&focal_max=135/)
    await settled()
    t.equal(await heading().textContent(), totalText((await expected()).total))
    await page.getByLabel('From (mm)').fill('20')
    await page.getByLabel('to (mm)').fill('60')
    await page.getByRole('button', { name: 'Apply range' }).click()
    await page.waitForURL(/focal_min=20&focal_max=60/)
    await settled()
    t.equal(await heading().textContent(), totalText((await expected()).total))
  })

  await t.test('Back undoes the last change; a reload keeps the whole state', async t => {
    await page.goBack()
    await page.waitForURL(/focal_min=71&focal_max=135/)
    await settled()
    t.ok(await page.locator('[data-facet="focal_mm"] label').filter({ hasText: '71–135 mm' }).locator('input').isChecked(), 'the bucket is chosen again')
    const before = page.url()
    await page.reload()
    await settled()
    t.equal(page.url(), before)
    t.equal(await page.getByLabel('Search analyses').inputValue(), 'jungle')
    t.equal(await heading().textContent(), totalText((await expected()).total))
  })

  await t.test('sort, and more results through next_cursor', async t => {
    await page.getByRole('button', { name: 'Clear all filters' }).click()
    await page.getByLabel('Search analyses').fill('')
    await page.getByLabel('Search analyses').press('Enter')
    await page.getByLabel('Sort').selectOption('oldest')
    await page.waitForURL(/#\/search\?sort=oldest$/)
    await settled()
    const first = await expected()
    const second = await api(`/v1/search?${pageQuery()}&cursor=${encodeURIComponent(first.next_cursor)}`)
    await page.getByRole('button', { name: /Show more/ }).click()
    await page.locator('article.card').nth(first.hits.length + second.hits.length - 1).waitFor()
    const ids = await page.locator('article.card').evaluateAll(cards => cards.map(card => card.getAttribute('data-id')))
    t.same(ids, [...first.hits, ...second.hits].map((hit: { id: string }) => hit.id), 'pages 1 and 2 in the API\'s order, none twice')
  })

  await t.test('empty and error states', async t => {
    await page.getByLabel('Search analyses').fill('zzqxv')
    await page.getByLabel('Search analyses').press('Enter')
    await page.getByText('No analysis matches.').waitFor()
    t.pass('an empty answer says so')
    await page.goto(`${ui.url}/#/search?focal_min=90&focal_max=10`)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    t.match(await alert.textContent(), /focal_min \(90\) is greater than focal_max \(10\)/, 'the problem\'s detail is shown')
  })

  await t.test('keyboard: skip link, a checkbox, a card link, and the focus lands on the new place', async t => {
    await page.goto(`${ui.url}/#/search`)
    await page.reload()
    await settled()
    await page.keyboard.press('Tab')
    t.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to content', 'the first tab stop skips the navigation')
    await page.locator('[data-facet="mood"] input[type="checkbox"]').first().focus()
    await page.keyboard.press('Space')
    await page.waitForURL(/mood=/)
    await settled()
    t.equal(await page.locator('[data-facet="mood"] input[type="checkbox"]:checked').count(), 1, 'Space ticks a value')
    const card = page.locator('article.card').first()
    const id = await card.getAttribute('data-id')
    await card.locator('a').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`#/analyses/${id}$`))
    await page.locator('.detail h1').waitFor()
    t.equal(await page.evaluate('document.activeElement.tagName'), 'H1', 'the focus moves to the analysis\' heading')
    await page.getByRole('link', { name: '← Back to the results' }).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/search\?mood=/)
    t.pass('the back link returns to the search it came from')
  })

  await t.test('usable at 390 px', async t => {
    const phone = await openTab(browser, 390, 844)
    await phone.page.goto(`${ui.link(ui.token(['reader']))}`)
    await phone.page.locator('section.results[aria-busy="false"]').waitFor()
    t.ok(await fitsWidth(phone.page), 'nothing is wider than the screen')
    await phone.page.getByText('Filters').click()
    await phone.page.locator('[data-facet="setting"] input[type="checkbox"]').first().check()
    await phone.page.waitForURL(/setting=/)
    await phone.page.locator('section.results[aria-busy="false"]').waitFor()
    t.ok(await fitsWidth(phone.page), 'still, with the filters open')
    await screenshot(phone.page, 'explorer-390', false)
    t.same(phone.problems, [])
  })

  t.same(problems, [], 'no script error, console error or CSP violation')
})

async function panelCounts (page: Page, facet: string): Promise<Counted[]> {
  return await page.locator(`[data-facet="${facet}"] .facet-values li`).evaluateAll(items => items.map(item => ({
    value: item.querySelector('.value')?.textContent ?? '',
    count: Number(item.querySelector('.count')?.getAttribute('data-count'))
  })))
}
