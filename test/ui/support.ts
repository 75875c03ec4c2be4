import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import { buildUi } from '../../scripts/build-ui.ts'
import { UI_ROOT } from '../../src/ui-root.ts'
import { demoCorpus } from '../../src/demo/corpus.ts'
import { bulkIngest } from '../../src/search/analyses/bulk-ingest.ts'
import { build, tokenFor } from '../helpers/build.ts'

/** Shared by the browser tests: the real app on a free port with demo data, Debian's Chromium, axe, screenshots. */

/** Debian's package (scripts/lib/chromium.sh installs it); never a browser a test tool downloads. */
const CHROMIUM = '/usr/bin/chromium'
// BROWSER.md: root needs --no-sandbox; the others keep Chromium off the network this machine does not have.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']
const SCREENSHOTS = new URL('../../.cache/screenshots/', import.meta.url).pathname
export const TENANT = 'demo'
/** Demo documents are ingested on this many successive days (as of today), so the daily chart has a shape. */
const DAYS = 5

interface Teardown { teardown: (fn: () => unknown) => void, name: string }

interface UiApp {
  app: FastifyInstance
  url: string
  token: (roles?: Array<'reader' | 'ingester' | 'admin'>) => string
  /** The link `npm run demo` prints: signs in through the fragment. */
  link: (token: string) => string
}

/** The app as `npm run demo` serves it (page included), listening on a free loopback port, with `docs` demo analyses. */
export async function startUiApp (t: Teardown, docs: number, extend?: (app: FastifyInstance) => void): Promise<UiApp> {
  // `npm test` builds the page first; a test file run on its own builds it when missing.
  if (!existsSync(join(UI_ROOT, 'index.html'))) await buildUi()
  const app = await build(t, { RATE_LIMIT_IP_MAX: '100000', RATE_LIMIT_READ_MAX: '100000' }, extend)
  const corpus = [...demoCorpus({ count: docs })]
  const perDay = Math.ceil(corpus.length / DAYS)
  for (let day = 0; day < DAYS; day++) {
    const batch = corpus.slice(day * perDay, (day + 1) * perDay).map(({ id, ...input }) => ({ id, input }))
    if (batch.length > 0) await bulkIngest(app.es, app.indices, TENANT, batch, false, new Date(Date.now() - (DAYS - 1 - day) * 86_400_000))
  }
  await app.es.indices.refresh({ index: app.indices.read })
  await app.tenantWritten(TENANT)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const url = `http://127.0.0.1:${port}`
  return {
    app,
    url,
    token: (roles = ['admin']) => tokenFor(app, { tenant: TENANT, roles, sub: 'curator' }),
    link: token => `${url}/#token=${encodeURIComponent(token)}`
  }
}

export async function launchChromium (t: Teardown): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests drive Debian's Chromium (apt-get install -y chromium; npm test installs it)`)
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  t.teardown(async () => { await browser.close() })
  return browser
}

interface Tab {
  page: Page
  /** Script errors, console errors and CSP violations seen so far: a page of ours has none. */
  problems: string[]
}

export async function openTab (browser: Browser, width = 1280, height = 900): Promise<Tab> {
  // @axe-core/playwright needs a page of a context, not browser.newPage().
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', error => { problems.push(`page error: ${error.message}`) })
  page.on('console', message => {
    // A refused request (401/404 the test provokes) is logged by Chromium as a console error: not a fault of the page.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`console: ${message.text()}`)
  })
  return { page, problems }
}

/** axe-core's serious and critical violations on the page as it is now (none is the bar). */
export async function seriousViolations (page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join('; ')})`)
}

/** A PNG of the page under .cache/screenshots/ (git-ignored); the whole page unless `fullPage` is false. */
export async function screenshot (page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage })
}

/** True when nothing is wider than the viewport (usable at 390 px: no sideways scrolling of the page). */
export async function fitsWidth (page: Page): Promise<boolean> {
  return await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as boolean
}
