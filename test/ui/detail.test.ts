import { test } from 'tap'
import { bearer } from '../helpers/build.ts'
import { seedAnalysis } from '../helpers/seed.ts'
import { SEED_DOCUMENT_ID } from '../../src/demo/corpus.ts'
import { fitsWidth, launchChromium, openTab, screenshot, seriousViolations, startUiApp, TENANT } from './support.ts'

const words = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replaceAll('_', ' ')

test('analysis detail: readable sections, raw JSON, derived facets, warnings, delete with If-Match', async t => {
  const ui = await startUiApp(t, 20)
  const ingester = bearer(ui.app, { tenant: TENANT, roles: ['ingester'] })
  const odd = { image_analysis: { environment: { setting: 42 }, technical_aspects: { lens_type: { mm: 50 } } }, caption: 'An oddly shaped analysis' }
  t.equal((await ui.app.inject({ method: 'PUT', url: '/v1/analyses/odd-one?refresh=wait_for', headers: ingester, payload: odd })).statusCode, 201)
  const read = async (id: string) => await ui.app.inject({ url: `/v1/analyses/${id}`, headers: ingester })
  const seed = (await read(SEED_DOCUMENT_ID)).json()
  const browser = await launchChromium(t)
  const { page, problems } = await openTab(browser)

  await t.test('a result opens its analysis as a readable card', async t => {
    await page.goto(ui.link(ui.token(['ingester'])))
    await page.getByLabel('Search analyses').fill('"retro-styled adventurer"')
    await page.getByLabel('Search analyses').press('Enter')
    await page.locator(`article.card[data-id="${SEED_DOCUMENT_ID}"] a`).click()
    await page.getByRole('heading', { level: 1, name: seedAnalysis().caption }).waitFor()
    t.match(page.url(), new RegExp(`#/analyses/${SEED_DOCUMENT_ID}$`), 'the address bar names the analysis')
    const sections = await page.locator('.sections > section > h2').allTextContents()
    t.same(sections.sort(), Object.keys(seed.image_analysis).map(words).sort(), 'a section for each part of the analysis')
    for (const part of ['Environment', 'Technical aspects', 'Lighting', 'Subject', 'Objects', 'Negative prompt']) t.ok(sections.includes(part), `${part} is shown`)
    t.equal(await page.locator('.light-sources > li').count(), seed.image_analysis.lighting.sources.length, 'one block per light source')
    const derived = await page.locator('.facet-table tbody tr').evaluateAll(rows => rows.map(row => [
      row.querySelector('th')?.textContent, [...row.querySelectorAll('.chip')].map(chip => chip.textContent)
    ]))
    t.same(derived.find(([facet]) => facet === 'Setting')?.[1], seed.facets.setting, 'derived facets as the API derived them')
    t.same(derived.find(([facet]) => facet === 'Lens')?.[1], seed.facets.lens)
    await page.getByTestId('no-warnings').waitFor()
    t.pass('no warnings for the seed example')
    const similar = (await ui.app.inject({ url: `/v1/analyses/${SEED_DOCUMENT_ID}/similar?size=6&fields=caption,facets`, headers: ingester })).json()
    t.ok(similar.hits.length > 0, 'the API finds analyses like the seed in the demo corpus')
    await page.getByTestId('similar').waitFor()
    t.same(await page.getByTestId('similar').locator('li').evaluateAll(items => items.map(item => item.getAttribute('data-id'))),
      similar.hits.map((hit: { id: string }) => hit.id), 'similar analyses: the API\'s, in its order')
    t.equal(await page.getByTestId('similar').locator(`li[data-id="${SEED_DOCUMENT_ID}"]`).count(), 0, 'never the analysis itself')
    await page.getByRole('link', { name: '← Back to the results' }).click()
    await page.waitForURL(/#\/search\?q=%22retro-styled/)
    await page.locator(`article.card[data-id="${SEED_DOCUMENT_ID}"]`).waitFor()
    t.pass('the back link returns to the search')
    await page.locator(`article.card[data-id="${SEED_DOCUMENT_ID}"] a`).click()
    await page.getByRole('heading', { level: 1, name: seedAnalysis().caption }).waitFor()
  })

  await t.test('the raw JSON toggle shows the analysis as stored', async t => {
    const toggle = page.getByRole('button', { name: 'Show raw JSON' })
    await toggle.click()
    const raw = page.locator('pre.raw')
    await raw.waitFor()
    t.same(JSON.parse(await raw.textContent() ?? ''), seed.image_analysis)
    t.equal(await page.getByRole('button', { name: 'Hide raw JSON' }).getAttribute('aria-expanded'), 'true')
    t.same(await seriousViolations(page), [], 'axe: no serious or critical violation on the detail card')
    await screenshot(page, 'detail')
    await page.getByRole('button', { name: 'Hide raw JSON' }).click()
    t.equal(await raw.count(), 0, 'and hides it again')
  })

  await t.test('warnings of an analysis with odd types are listed', async t => {
    await page.goto(`${ui.url}/#/analyses/odd-one`)
    await page.getByRole('heading', { level: 1, name: odd.caption }).waitFor()
    const shown = await page.locator('.warnings li code').allTextContents()
    t.same(shown, (await read('odd-one')).json().warnings.map((w: { pointer: string }) => w.pointer))
    t.ok(shown.length >= 2, 'the setting and the lens warn')
  })

  await t.test('delete sends If-Match: a concurrent change is a 412, then the current version goes', async t => {
    const changed = await ui.app.inject({ method: 'PUT', url: '/v1/analyses/odd-one', headers: ingester, payload: { ...odd, caption: 'Changed meanwhile' } })
    t.equal(changed.statusCode, 200)
    await page.getByRole('button', { name: 'Delete…' }).click()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    t.match(await alert.textContent(), /changed since you opened it.*\(412\)/, 'the 412 is explained')
    t.equal((await read('odd-one')).statusCode, 200, 'nothing was deleted')
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Changed meanwhile' }).waitFor()
    await page.getByRole('button', { name: 'Delete…' }).click()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await page.getByText('Deleted “odd-one”.').waitFor()
    t.equal((await read('odd-one')).statusCode, 404, 'deleted')
  })

  await t.test('a reader sees no delete; a missing analysis says so; 390 px fits', async t => {
    const phone = await openTab(browser, 390, 844)
    await phone.page.goto(ui.link(ui.token(['reader'])))
    await phone.page.goto(`${ui.url}/#/analyses/${SEED_DOCUMENT_ID}`)
    await phone.page.getByRole('heading', { level: 1, name: seedAnalysis().caption }).waitFor()
    t.equal(await phone.page.getByRole('button', { name: 'Delete…' }).count(), 0)
    t.ok(await fitsWidth(phone.page), 'nothing is wider than the screen')
    await screenshot(phone.page, 'detail-390', false)
    await phone.page.goto(`${ui.url}/#/analyses/no-such-thing`)
    const alert = phone.page.getByRole('alert')
    await alert.waitFor()
    t.match(await alert.textContent(), /\(404\)/)
    t.same(phone.problems, [])
  })

  t.same(problems, [], 'no script error, console error or CSP violation')
})
