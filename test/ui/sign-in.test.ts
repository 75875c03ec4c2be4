import { test } from 'tap'
import { tokenFor } from '../helpers/build.ts'
import { launchChromium, openTab, screenshot, seriousViolations, startUiApp, TENANT } from './support.ts'

test('sign-in: a fragment link, the form, a refused token, a missing role', async t => {
  const ui = await startUiApp(t, 30)
  const browser = await launchChromium(t)
  const { page, problems } = await openTab(browser)
  const requests: string[] = []
  page.on('request', request => { requests.push(request.url()) })

  await t.test('a link /#token=… signs in and the token leaves the address bar', async t => {
    const token = ui.token(['ingester'])
    await page.goto(ui.link(token))
    await page.getByRole('heading', { level: 1, name: 'Explorer' }).waitFor()
    t.equal(await page.getByTestId('tenant').textContent(), TENANT, 'the tenant from the token is shown')
    t.equal(await page.getByTestId('roles').textContent(), 'ingester', 'and its roles')
    t.notMatch(page.url(), /token/, 'the address bar no longer holds the token')
    t.equal(await page.evaluate('sessionStorage.getItem("ias.token")'), token, 'the token is kept in sessionStorage')
    t.notOk(requests.some(url => url.includes(token) || /[?&]token=/.test(url)), 'no request carried the token in its URL')
    t.same(await seriousViolations(page), [], 'axe: no serious or critical violation on the explorer')
    await page.goBack()
    t.equal(page.url(), 'about:blank', 'Back skips the link: its history entry was replaced')
    await page.goForward()
    t.equal(new URL(page.url()).hash, '#/', 'and the entry holds no token')
  })

  await t.test('a wrong token is refused with the 401 problem\'s detail', async t => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    t.equal(await page.evaluate('sessionStorage.getItem("ias.token")'), null, 'signing out forgets the token')
    await page.getByLabel('Bearer token').fill('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.not-a-signature')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const problem = page.getByTestId('sign-in-problem')
    await problem.waitFor()
    t.match(await problem.textContent(), /The token is not valid/, 'the problem\'s detail is shown')
    t.same(await seriousViolations(page), [], 'axe: no serious or critical violation on the sign-in page')
    await screenshot(page, 'sign-in-refused')
  })

  await t.test('a token without a known role says which role is needed', async t => {
    await page.getByLabel('Bearer token').fill(tokenFor(ui.app, { tenant: TENANT, roles: [], sub: 'nobody' }))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('This operation needs the role \'reader\'').waitFor()
    t.pass('the 403 names the role')
  })

  await t.test('the form signs in with a valid token', async t => {
    await page.getByLabel('Bearer token').fill(ui.token(['reader']))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Explorer' }).waitFor()
    t.equal(await page.getByTestId('roles').textContent(), 'reader')
  })

  await t.test('a token that stops working mid-session sends the user back to sign-in', async t => {
    await page.evaluate(`sessionStorage.setItem("ias.token", ${JSON.stringify(tokenFor(ui.app, { tenant: TENANT, roles: ['reader'], ttlS: -60 }))})`)
    await page.getByLabel('Search analyses').fill('jungle')
    const problem = page.getByTestId('sign-in-problem')
    await problem.waitFor()
    t.match(await problem.textContent(), /The token has expired/)
  })

  t.same(problems, [], 'no script error, console error or CSP violation')
})
