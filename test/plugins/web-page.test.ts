import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { test } from 'tap'
import { buildUi, FIRST_LOAD_LIMIT } from '../../scripts/build-ui.ts'
import { problemDetailsPlugin } from '../../src/plugins/problem-details.ts'
import { uiPlugin } from '../../src/plugins/ui.ts'
import { build } from '../helpers/build.ts'

// One build for this file, in its own folder: the browser tests may be reading dist/ui meanwhile.
const built = (async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ias-ui-'))
  return { dir, report: await buildUi(join(dir, 'ui')) }
})()

test('the build: hashed names, compressed twins, an index.html without inline script, the size budget', async t => {
  const { dir, report } = await built
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const html = await readFile(join(report.outDir, 'index.html'), 'utf8')
  const assets = [...html.matchAll(/(?:src|href)="\/ui\/([^"]+)"/g)].map(match => match[1]!)
  const files = await readdir(report.outDir)
  t.ok(assets.some(name => /^main-[A-Z0-9]+\.js$/.test(name)) && assets.some(name => /^main-[A-Z0-9]+\.css$/.test(name)), 'the entry script and its styles, by hashed name')
  for (const name of assets) t.ok(files.includes(name) && files.includes(`${name}.gz`) && files.includes(`${name}.br`), `${name} and its gzip and brotli twins exist`)
  t.notMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script (CSP script-src \'self\')')
  t.notMatch(html, /\son[a-z]+=/, 'no inline event handler')
  t.ok(report.firstLoadGzip > 0 && report.firstLoadGzip <= FIRST_LOAD_LIMIT, `first-load JavaScript ${report.firstLoadGzip} B gzipped is within the budget`)
  t.ok(report.allJsGzip > report.firstLoadGzip, 'the dashboard\'s chart library is a lazy chunk, not in the first load')
  await t.rejects(buildUi(join(dir, 'tight'), 1024), /above the budget of 1\.0 KB/, 'a first load above the budget fails the build')
  t.same(await readdir(dir).then(names => names.filter(name => name.startsWith('tight'))), [], 'and leaves nothing behind')
})

test('served: index.html revalidated, assets immutable and pre-compressed, behind the helmet headers', async t => {
  const app = await build(t)
  const page = await app.inject({ url: '/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.equal(page.headers['cache-control'], 'no-cache', 'a new build reaches the next page load')
  t.match(page.headers['content-security-policy'], /script-src 'self'/, 'the service\'s CSP applies to the page')
  t.equal(page.headers['x-frame-options'], 'SAMEORIGIN')
  const assets = [...page.body.matchAll(/(?:src|href)="(\/ui\/[^"]+)"/g)].map(match => match[1]!)
  t.ok(assets.length >= 2)
  for (const url of assets) {
    const asset = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } })
    t.equal(asset.statusCode, 200, url)
    t.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable', `${url}: cached for a year`)
    t.equal(asset.headers['content-encoding'], 'br', `${url}: the brotli twin`)
    t.match(asset.headers.vary, /accept-encoding/i)
    t.match(asset.headers['content-type'], url.endsWith('.css') ? /^text\/css/ : /javascript/)
  }
  const plain = await app.inject({ url: assets[0]! })
  t.notOk(plain.headers['content-encoding'], 'uncompressed for a client that asks for nothing')
  t.equal((await app.inject({ method: 'HEAD', url: '/' })).statusCode, 200)
})

test('only built assets: anything else under /ui/ is a 404 problem', async t => {
  const app = await build(t)
  for (const url of ['/ui/', '/ui/missing-ABC.js', '/ui/index.html', '/ui/../package.json', '/ui/%2e%2e/package.json', '/ui/..%2fpackage.json', '/ui/sub/x.js', '/ui/.hidden.js']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url}: problem+json`)
    t.equal(res.json().code, 'ROUTE_NOT_FOUND', url)
  }
})

test('UI_ENABLED=false: no page, the API unchanged', async t => {
  const app = await build(t, { UI_ENABLED: 'false' })
  for (const url of ['/', '/ui/main.js']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 404, url)
    t.equal(res.json().code, 'ROUTE_NOT_FOUND')
  }
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200)
})

test('a missing build: the service starts, warns, and / says the page is not built', async t => {
  const warnings: string[] = []
  const app = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => { warnings.push(JSON.parse(line).msg) } } } })
  t.teardown(async () => { await app.close() })
  await app.register(problemDetailsPlugin)
  await app.register(uiPlugin, { enabled: true, root: join(tmpdir(), 'ias-no-such-build') })
  const res = await app.inject({ url: '/' })
  t.equal(res.statusCode, 404)
  t.match(res.json(), { code: 'ROUTE_NOT_FOUND', detail: /not built/ })
  t.match(warnings, [/not built/], 'the start logs why')
})
