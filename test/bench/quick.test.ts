import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@elastic/elasticsearch'
import { Redis } from 'ioredis'
import { test } from 'tap'
import { ES_URL, REDIS_URL } from '../helpers/build.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface Side { rps: number, p50: number, p99: number, failures: number, requests: number }

// A smoke test of the benchmark: every scenario runs and yields numbers. Never a timing assertion: the
// numbers depend on the machine and on whatever else runs on it (bench/README.md).
test('npm run bench -- --quick --metrics runs every scenario (one connection, two instances too), writes its results and cleans up', async t => {
  const out = await mkdtemp(join(tmpdir(), 'bench-quick-'))
  const prefix = `bench-t-${randomBytes(3).toString('hex')}`
  t.teardown(async () => { await rm(out, { recursive: true, force: true }) })

  const { code, stdout, stderr } = await run(['bench/run.ts', '--quick', '--metrics', '--out', out, '--prefix', prefix])
  t.equal(code, 0, `the bench exits with 0\n${stderr}`)
  t.match(stdout, /a cached dashboard[\s\S]*b hot cached search[\s\S]*c uncached search[\s\S]*l b hot search, 1 conn[\s\S]*l c uncached, 1 conn[\s\S]*p b hot search, 2 inst[\s\S]*p c uncached, 2 inst[\s\S]*d bulk ingestion/, 'the table lists every scenario')

  const files = (await readdir(out)).filter(name => name.endsWith('.json'))
  t.equal(files.length, 1, 'one JSON result')
  const result = JSON.parse(await readFile(join(out, files[0]!), 'utf8'))
  t.match(result.machine, { cores: Number, node: /^v\d+/, elasticsearch: /^\d+\.\d+/, redis: /^\d+\.\d+/ })
  t.equal(result.sizes.length, 1)
  const [size] = result.sizes
  t.equal(size.docs, 300)
  t.equal(size.runs.length, 1)
  const [runResult] = size.runs
  for (const id of ['a', 'b', 'c']) {
    for (const side of ['service', 'limit']) {
      const numbers = runResult.read[id][side] as Side
      t.ok(numbers.rps > 0 && numbers.requests > 0, `${id} ${side}: requests answered`)
      t.ok(numbers.p50 > 0 && numbers.p99 >= numbers.p50, `${id} ${side}: p50 and p99`)
      t.equal(numbers.failures, 0, `${id} ${side}: no failed request`)
    }
  }
  t.equal(runResult.read.a.service.cache.misses, 0, 'the dashboard was served from the cache')
  t.equal(runResult.read.b.service.cache.misses, 0, 'the search was served from the cache')
  t.equal(runResult.read.c.service.cache.hits, 0, 'the uncached search never read the cache')
  for (const id of ['b', 'c']) {
    for (const side of ['service', 'limit']) {
      const numbers = runResult.single[id][side] as Side & { connections: number }
      t.ok(numbers.rps > 0 && numbers.p99 >= numbers.p50 && numbers.failures === 0, `l ${id} ${side}: answered`)
      t.equal(numbers.connections, 1, `l ${id} ${side}: one connection`)
      const pair = runResult.pair[id][side] as { each: Side[], combined: Side }
      t.equal(pair.each.length, 2, `p ${id} ${side}: two processes`)
      t.ok(pair.each.every(numbers => numbers.rps > 0 && numbers.failures === 0), `p ${id} ${side}: both processes answered`)
      t.equal(pair.combined.requests, pair.each[0]!.requests + pair.each[1]!.requests, `p ${id} ${side}: combined = both`)
    }
  }
  t.equal(runResult.single.b.service.cache.misses, 0, 'l: the hot search was served from the cache')
  const pairCache = (id: string) => runResult.pair[id].service.cache as Array<{ hits: number, misses: number }>
  t.ok(pairCache('b').every(counted => counted.hits > 0 && counted.misses === 0), 'p: each instance served the hot search from the cache')
  t.ok(pairCache('c').every(counted => counted.hits === 0), 'p: neither instance read the cache for the uncached search')
  t.match(stdout, /two instances \(p\) over one \(b, c\), the same connections in all: hits [\d.]+× req\/s/)
  for (const side of ['service', 'limit']) t.ok(runResult.ingest[side].docsPerSecond > 0, `d ${side}: documents per second`)
  t.match(stdout, /d bulk ingestion +service .* [\d,.]+ µs\/doc/, 'd: CPU per document printed')
  t.ok(runResult.rssKiB > 0, 'the service RSS')
  for (const side of ['off', 'on']) t.ok(runResult.metrics[side].rps > 0 && runResult.metrics[side].failures === 0, `b with metrics ${side}: answered`)
  t.equal(typeof runResult.metrics.rpsRatio, 'number', 'the metrics cost as a ratio')
  t.match(stdout, /metrics cost \(scenario b, metrics on \/ off, tracing off\): /)
  for (const side of ['typing', 'plain']) {
    const numbers = runResult.typing[side] as Side & { total: number }
    t.ok(numbers.rps > 0 && numbers.failures === 0 && numbers.total > 0, `t ${side}: answered, with hits`)
  }
  t.match(stdout, /t typing vs plain \(uncached, side by side\): p50 /)
  t.ok(runResult.relevance.pairs.length >= 30, 'r: the relevance pairs measured')
  t.ok(runResult.relevance.average >= 0 && runResult.relevance.average <= 1)
  t.match(stdout, /r relevance \(\d+ query pairs, demo corpus of 500\): average top-10 overlap /)

  const targets = result.targets as Array<{ target: string, value: number | null, met: boolean | null }>
  for (const name of ['a: req/s', 'a: p99', 'a: CPU', 'b: req/s', 'b: p99', 'b: CPU', 'c: p50', 'l c: p50', 'd: docs/s', 'd: CPU', 'hit ', 'hit ≥ 20× faster than miss with one', 't: p50', 'r: top-10']) {
    const target = targets.find(v => v.target.startsWith(name))
    t.ok(target !== undefined && typeof target.value === 'number' && typeof target.met === 'boolean', `target "${name}…" computed`)
  }

  // Nothing of the run is left: indices, Redis keys, child processes.
  const es = new Client({ node: ES_URL })
  const indices = await es.cat.indices({ index: `${prefix}*`, format: 'json' }).finally(() => es.close())
  t.same(indices, [], 'no index left')
  const redis = new Redis(REDIS_URL)
  const keys = await redis.keys(`${prefix}*`).finally(() => redis.disconnect())
  t.same(keys, [], 'no Redis key left')
  t.notMatch(await processList(), new RegExp(prefix), 'no child process left')
})

async function run (args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const code = await new Promise<number | null>(resolve => { child.once('exit', resolve) })
  return { code, stdout, stderr }
}

/** Command lines and environments of every process: a service child carries the prefix in its environment. */
async function processList (): Promise<string> {
  const lines: string[] = []
  for (const pid of (await readdir('/proc')).filter(name => /^\d+$/.test(name))) {
    lines.push(await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => ''))
  }
  return lines.join('\n')
}
