/**
 * Builds the curators' web page (ui/) into dist/ui/, which the service serves at / (src/plugins/ui.ts):
 *   node scripts/build-ui.ts
 * esbuild bundles ui/src/main.tsx (Preact, JSX) with code splitting, so the dashboard's chart library loads only
 * when the dashboard opens; every file name carries a content hash; index.html is written from ui/index.html
 * with the hashed names; each file gets a gzip and a brotli twin for @fastify/static's preCompressed. Prints the
 * gzipped sizes and fails when the JavaScript of the first load exceeds FIRST_LOAD_LIMIT.
 * `npm test` and `npm run demo` run it; nothing it writes is committed.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { UI_ROOT } from '../src/ui-root.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const ENTRY = 'ui/src/main.tsx'
/** The budget for the JavaScript a first visit downloads (gzipped). */
export const FIRST_LOAD_LIMIT = 150 * 1024

export interface UiBuild {
  outDir: string
  /** Gzipped bytes of the entry script and every chunk it imports statically. */
  firstLoadGzip: number
  /** Gzipped bytes of all scripts, lazy chunks included. */
  allJsGzip: number
  cssGzip: number
  files: Array<{ name: string, bytes: number, gzip: number }>
}

export async function buildUi (outDir = UI_ROOT, limit = FIRST_LOAD_LIMIT): Promise<UiBuild> {
  // Built beside the target and swapped in, so a running server never serves half a build.
  const staging = `${outDir.replace(/\/$/, '')}.staging-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    metafile: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'eof',
    logLevel: 'warning'
  })
  const outputs = result.metafile.outputs
  const entry = Object.entries(outputs).find(([, output]) => output.entryPoint === ENTRY)
  if (entry === undefined) throw new Error(`esbuild produced no output for ${ENTRY}`)
  const [entryPath, entryOutput] = entry
  const preload = staticImports(outputs, entryPath).filter(path => path !== entryPath)
  const assets = [
    ...(entryOutput.cssBundle === undefined ? [] : [`<link rel="stylesheet" href="/ui/${basename(entryOutput.cssBundle)}">`]),
    ...preload.map(path => `<link rel="modulepreload" href="/ui/${basename(path)}">`),
    `<script type="module" src="/ui/${basename(entryPath)}"></script>`
  ]
  const template = await readFile(join(ROOT, 'ui/index.html'), 'utf8')
  if (!template.includes('<!-- assets -->')) throw new Error('ui/index.html lacks the <!-- assets --> marker')
  await writeFile(join(staging, 'index.html'), template.replace('<!-- assets -->', assets.join('\n    ')))

  const files: UiBuild['files'] = []
  for (const path of [...Object.keys(outputs).map(p => join(ROOT, p)), join(staging, 'index.html')]) {
    const content = await readFile(path)
    const gzip = gzipSync(content, { level: 9 })
    await writeFile(`${path}.gz`, gzip)
    await writeFile(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
    files.push({ name: basename(path), bytes: content.length, gzip: gzip.length })
  }
  const gzipOf = (paths: string[]) => paths.reduce((sum, path) => sum + (files.find(f => f.name === basename(path))?.gzip ?? 0), 0)
  const report: UiBuild = {
    outDir,
    firstLoadGzip: gzipOf(staticImports(outputs, entryPath)),
    allJsGzip: gzipOf(Object.keys(outputs).filter(path => path.endsWith('.js'))),
    cssGzip: gzipOf(Object.keys(outputs).filter(path => path.endsWith('.css'))),
    files
  }
  if (report.firstLoadGzip > limit) {
    await rm(staging, { recursive: true, force: true })
    throw new Error(`the first load's JavaScript is ${kb(report.firstLoadGzip)} gzipped, above the budget of ${kb(limit)}`)
  }
  await swapIn(staging, outDir)
  return report
}

/** The entry and every output it reaches through static imports (what a first visit downloads). */
function staticImports (outputs: Metafile['outputs'], from: string, seen = new Set<string>()): string[] {
  if (seen.has(from)) return []
  seen.add(from)
  for (const imported of outputs[from]?.imports ?? []) {
    if (imported.kind === 'import-statement' && !imported.external) staticImports(outputs, imported.path, seen)
  }
  return [...seen]
}

async function swapIn (staging: string, outDir: string): Promise<void> {
  const old = `${outDir.replace(/\/$/, '')}.old-${process.pid}`
  await mkdir(join(outDir, '..'), { recursive: true })
  await rename(outDir, old).catch(() => {})
  await rename(staging, outDir)
  await rm(old, { recursive: true, force: true })
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

if (import.meta.main) {
  try {
    const report = await buildUi()
    process.stderr.write(`web page built into ${report.outDir}: first-load JavaScript ${kb(report.firstLoadGzip)} gzipped ` +
      `(budget ${kb(FIRST_LOAD_LIMIT)}), all JavaScript ${kb(report.allJsGzip)}, CSS ${kb(report.cssGzip)}\n`)
  } catch (error) {
    process.stderr.write(`web page build failed: ${(error as Error).message}\n`)
    process.exitCode = 1
  }
}
