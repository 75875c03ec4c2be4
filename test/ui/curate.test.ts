import { readFile } from 'node:fs/promises'
import { test } from 'tap'
import { bearer } from '../helpers/build.ts'
import { seedAnalysis } from '../helpers/seed.ts'
import { fitsWidth, launchChromium, openTab, screenshot, seriousViolations, startUiApp, TENANT } from './support.ts'

test('curating: upload with a rejected line, cache stats and flush, tenant reindex, roles', async t => {
  const ui = await startUiApp(t, 40)
  const reader = bearer(ui.app, { tenant: TENANT, roles: ['reader'] })
  const total = async () => (await ui.app.inject({ url: '/v1/search?size=1&facets=', headers: reader })).json().total as number
  const browser = await launchChromium(t)
  const { page, problems } = await openTab(browser)
  await page.goto(ui.link(ui.token(['admin'])))
  await page.getByRole('link', { name: 'Curate' }).click()
  await page.getByRole('heading', { level: 1, name: 'Curate' }).waitFor()

  await t.test('an NDJSON upload stores the good lines and lists the bad one with its problem', async t => {
    const seed = seedAnalysis()
    const lines = [
      JSON.stringify({ ...seed, id: 'upload-1' }),
      JSON.stringify({ ...seed, id: 'upload-2', caption: 'A second upload' }),
      '{"id": "upload-broken", "image_analysis": ',
      '',
      JSON.stringify({ ...seed, id: 'upload-3', caption: 'A third upload' })
    ]
    const before = await total()
    await page.getByLabel('File').setInputFiles({ name: 'batch.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) })
    await page.getByTestId('picked').filter({ hasText: '4 analyses to send' }).waitFor()
    await page.getByRole('button', { name: 'Upload' }).click()
    const summary = page.getByTestId('upload-summary')
    await summary.waitFor()
    t.equal(await summary.textContent(), 'Done: 3 created, 0 replaced, 1 rejected.')
    t.equal(await page.locator('#upload-progress').getAttribute('value'), '4', 'the bar is full')
    const rows = await page.locator('.rejected tbody tr').evaluateAll(trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent)))
    t.match(rows, [['batch.ndjson:3', '400', 'INVALID_JSON', /not valid JSON/]], 'the bad line, where it is and why')
    t.equal(await total(), before + 3, 'the good lines are searchable')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the rejected lines' }).click()])
    t.equal(download.suggestedFilename(), 'rejected-batch.ndjson')
    const rejected = (await readFile(await download.path(), 'utf8')).trim().split('\n').map(line => JSON.parse(line))
    t.match(rejected, [{ origin: 'batch.ndjson:3', status: 400, code: 'INVALID_JSON', detail: /not valid JSON/, line: lines[2] }], 'the download holds the line and its problem')
    t.same(await seriousViolations(page), [], 'axe: no serious or critical violation on the curate page')
    await screenshot(page, 'curate')
  })

  await t.test('admin: cache counters, a flush, a reindex followed to its end', async t => {
    await page.getByTestId('cache-stats').waitFor()
    t.ok(await page.getByTestId('cache-stats').getByText('Hits', { exact: true }).isVisible(), 'the counters are shown')
    await page.getByRole('button', { name: 'Flush the cache' }).click()
    await page.getByText(/Flushed at/).waitFor()
    t.pass('the flush is acknowledged')
    await page.getByRole('button', { name: 'Start a reindex' }).click()
    await page.getByText('Reindex done').waitFor()
    const job = (await ui.app.inject({ url: '/v1/admin/reindex', headers: bearer(ui.app, { tenant: TENANT, roles: ['admin'] }) })).json()
    t.equal(job.state, 'done')
    t.equal(job.rewritten + job.skipped, await total(), 'every analysis was re-derived')
    t.match(await page.getByTestId('reindex').textContent(), new RegExp(`${job.rewritten} rewritten, ${job.skipped} skipped of ${await total()}`))
  })

  await t.test('a JSON array file; roles the token lacks are named', async t => {
    const phone = await openTab(browser, 390, 844)
    await phone.page.goto(ui.link(ui.token(['ingester'])))
    await phone.page.goto(`${ui.url}/#/curate`)
    await phone.page.getByTestId('needs-admin').waitFor()
    t.match(await phone.page.getByTestId('needs-admin').textContent(), /need the role admin; this token has ingester/)
    const documents = [{ ...seedAnalysis(), id: 'array-1' }, { ...seedAnalysis(), id: 'array-2', image_analysis: 'not an object' }]
    await phone.page.getByLabel('File').setInputFiles({ name: 'list.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(documents, null, 2)) })
    await phone.page.getByRole('button', { name: 'Upload' }).click()
    await phone.page.getByTestId('upload-summary').filter({ hasText: 'Done: 1 created, 0 replaced, 1 rejected.' }).waitFor()
    t.match(await phone.page.locator('.rejected tbody tr td').first().textContent(), 'list.json[1]')
    t.ok(await fitsWidth(phone.page), 'nothing is wider than the screen')
    await screenshot(phone.page, 'curate-390', false)

    // A sign-in link opened in the tab that already shows the page: the new token replaces the old one.
    await phone.page.goto(ui.link(ui.token(['reader'])))
    await phone.page.getByTestId('roles').filter({ hasText: 'reader' }).waitFor()
    await phone.page.goto(`${ui.url}/#/curate`)
    await phone.page.getByTestId('needs-ingester').waitFor()
    t.equal(await phone.page.getByLabel('File').count(), 0, 'a reader gets no upload')
    t.same(phone.problems, [])
  })

  t.same(problems, [], 'no script error, console error or CSP violation')
})
