import { test } from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { buildWith, REDIS_URL, testConfig, TEST_SECRET } from '../helpers/build.ts'
import { demoCorpus } from '../../src/demo/corpus.ts'

async function runImport (args: string[], env: Record<string, string>): Promise<{ code: number, stderr: string }> {
  const child = spawn(process.execPath, ['scripts/import.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', chunk => { stderr += String(chunk) })
  const [code] = await once(child, 'exit')
  return { code: code as number, stderr }
}

test('the import command: progress, rejects file, and re-running creates no duplicates', async t => {
  const config = testConfig(t.name, { RATE_LIMIT_BULK_DOCS_MAX: '1000000' })
  const app = await buildWith(t, config)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const dir = mkdtempSync(join(tmpdir(), 'import-'))
  const file = join(dir, 'catalog.ndjson')
  const lines = [...demoCorpus({ count: 1200 })].map(({ id: _id, ...document }) => JSON.stringify(document))
  lines.splice(7, 0, '{"not": "an analysis"}', '{broken json')
  writeFileSync(file, lines.join('\n') + '\n')
  const rejects = join(dir, 'rejects.ndjson')
  const env = { JWT_SECRET: TEST_SECRET, ES_URL: config.elasticsearch.nodes[0]!, REDIS_URL: config.redis.url }
  const args = [file, '--url', `http://127.0.0.1:${port}`, '--tenant', 'importer', '--batch', '250', '--rejects', rejects]

  const first = await runImport([...args, '--refresh'], env)
  t.equal(first.code, 1, 'exit 1: some lines were rejected')
  t.match(first.stderr, /\[#+\] 100% 1,200 stored, [\d,]+ docs\/s, 2 rejected, ETA 0:00/, 'a progress line with rate, errors and ETA')
  t.match(first.stderr, /imported 1200 \(1200 created, 0 replaced\), rejected 2 → /)
  const rejected = readFileSync(rejects, 'utf8').trim().split('\n').map(line => JSON.parse(line))
  t.same(rejected.map(r => [r.origin.replace(file, 'file'), r.status, r.code]), [['file:8', 400, 'VALIDATION_FAILED'], ['file:9', 400, 'INVALID_JSON']])
  t.equal(rejected[1].line, '{broken json', 'the rejected line as it was')

  const redis = new Redis(REDIS_URL)
  t.teardown(() => { redis.disconnect() })
  const keys = await redis.keys(`${config.redis.keyPrefix}idem:{importer}:*`)
  t.equal(keys.length, 5, 'each of the 5 batches went with its own Idempotency-Key (kept for its retries)')

  const count = async () => (await app.es.count({ index: app.indices.read, query: { term: { tenant: 'importer' } } })).count
  t.equal(await count(), 1200)
  const second = await runImport([...args, '--refresh'], env)
  t.match(second.stderr, /imported 1200 \(0 created, 1200 replaced\)/)
  t.equal(await count(), 1200, 'no duplicates after a second run')

  const folder = join(dir, 'folder')
  mkdirSync(folder)
  writeFileSync(join(folder, 'a.json'), JSON.stringify({ image_analysis: { environment: { setting: 'Attic' } } }, null, 2))
  writeFileSync(join(folder, 'b.json'), JSON.stringify([{ id: 'b1', image_analysis: {} }, { id: 'b2', image_analysis: {} }]))
  writeFileSync(join(folder, 'ignored.txt'), 'not json')
  const fromFolder = await runImport([folder, '--url', `http://127.0.0.1:${port}`, '--tenant', 'folder', '--rejects', join(dir, 'none.ndjson'), '--refresh'], env)
  t.equal(fromFolder.code, 0)
  t.match(fromFolder.stderr, /imported 3 \(3 created, 0 replaced\), rejected 0,/)
  t.notOk(existsSync(join(dir, 'none.ndjson')), 'no rejects file for a clean import')

  const denied = await runImport([file, '--url', `http://127.0.0.1:${port}`, '--token', 'not-a-token'], env)
  t.equal(denied.code, 2)
  t.match(denied.stderr, /import failed: the service refused the import \(401\)/)
})
