/**
 * The benchmark: the service next to its limits (bench/README.md). `npm run bench -- --help` lists the options.
 * The service and the bare limit server are child processes; this process only generates load and measures.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Client } from '@elastic/elasticsearch'
import type { Redis } from 'ioredis'
import { dropIndices } from '../src/search/index/ensure-index.ts'
import { indexNames } from '../src/search/index/index-names.ts'
import { loadCorpus, settle, tenantCount } from './corpus.ts'
import { formatSummary, summarize } from './cpu-profile.ts'
import { ingestScenario } from './ingest.ts'
import { describeMachine } from './machine.ts'
import { parseOptions, USAGE, type BenchOptions } from './options.ts'
import { rssKiB, stopAll, type Child } from './processes.ts'
import { readScenario, type ReadContext, type ReadScenarioId } from './read-scenarios.ts'
import { formatReport } from './report.ts'
import { BENCH_TENANT, directSearchRequest, SEARCH_INPUT } from './search-query.ts'
import { benchClients, benchToken, setup, startBare, startService, type Setup } from './service.ts'
import { evaluate, type RunResult, type SizeResult } from './targets.ts'

const log = (line: string) => { process.stderr.write(`${line}\n`) }

/** Other processes using less than this many cores count as a quiet machine. */
const QUIET_CORES = 0.25
/** A read measurement during which other processes were busy is repeated up to this many times. */
const NOISY_RETRIES = 2

export async function main (argv: string[]): Promise<number> {
  const options = parseOptions(argv)
  if (options === null) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const s = setup(options.prefix)
  const { es, redis } = benchClients(s)
  const names = indexNames(s.prefix)
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const profileDir = options.profile ? join(options.out, `profile-${stamp}`) : undefined
  let cleaned = false
  const cleanup = async () => {
    if (cleaned) return
    cleaned = true
    await stopAll()
    if (!options.keep) await dropIndices(es, names).catch(() => {})
    await deleteKeys(redis, `${s.prefix}:*`).catch(() => {})
    redis.disconnect()
    await es.close()
  }
  const interrupted = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping the children and cleaning up`)
    cleanup().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    const started = new Date()
    const machine = await describeMachine(es, redis)
    log(`machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, Elasticsearch ${machine.elasticsearch}, Redis ${machine.redis}`)
    await prepare(s, options, es, redis)
    const sizes = await measure(s, options, es, redis, machine.pids, profileDir)
    const verdicts = evaluate(sizes)
    process.stdout.write(`${formatReport(sizes, verdicts)}\n`)
    const result = { schema: 'image-analyses-bench/1', started: started.toISOString(), finished: new Date().toISOString(), argv, machine, options, search: SEARCH_INPUT, sizes, targets: verdicts }
    await mkdir(options.out, { recursive: true })
    const file = join(options.out, `${stamp}-${options.sizes.join('_')}${options.quick ? '-quick' : ''}.json`)
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
    log(`\nresults: ${file}`)
    if (profileDir !== undefined) await reportProfile(profileDir)
    return 0
  } finally {
    await cleanup()
  }
}

/** Starts from a clean slate: no cache keys of this prefix, and a kept corpus only if it is a prefix of the run's. */
async function prepare (s: Setup, options: BenchOptions, es: Client, redis: Redis): Promise<void> {
  const names = indexNames(s.prefix)
  const exists = await es.indices.exists({ index: names.read })
  if (exists && await tenantCount(es, names, BENCH_TENANT) > options.sizes[0]!) await dropIndices(es, names)
  await deleteKeys(redis, `${s.prefix}:*`)
}

async function measure (s: Setup, options: BenchOptions, es: Client, redis: Redis, pids: Record<string, number>, profileDir?: string): Promise<SizeResult[]> {
  const names = indexNames(s.prefix)
  const reads = (['a', 'b', 'c'] as const).filter(id => options.only.includes(id))
  const sizes: SizeResult[] = []
  let service: Child | undefined
  try {
    service = await startService(s, s.prefix, profileDir !== undefined ? { profileDir } : {})
    const bare = reads.length > 0 ? await startBare(directSearchRequest(names.read)) : undefined
    const token = benchToken(s, BENCH_TENANT)
    for (const [i, docs] of options.sizes.entries()) {
      log(`corpus: ${docs.toLocaleString('en')} documents`)
      const load = reads.length > 0 ? await loadCorpus(es, names, BENCH_TENANT, docs, log) : { docs: 0, loaded: 0, seconds: 0, docsPerSecond: 0 }
      await settle(es, names.read)
      // Loaded behind the service's back: its cached answers must go.
      await flushCache(service, token)
      const runs: RunResult[] = []
      for (let run = 1; run <= options.runs; run++) {
        const read: RunResult['read'] = {}
        if (bare !== undefined) {
          const ctx = readContext(s, options, { service, bare, token, redis, pids: { 'load generator': process.pid, service: service.pid, limit: bare.pid, ...pids } })
          for (const id of reads) {
            log(`  run ${run}/${options.runs}, scenario ${id}`)
            read[id as ReadScenarioId] = await readScenario(id, ctx)
          }
        }
        const rss = await rssKiB(service.pid)
        let ingest
        if (i === 0 && options.only.includes('d')) {
          log(`  run ${run}/${options.runs}, scenario d`)
          ingest = await ingestScenario(s, es, {
            docs: options.ingestDocs,
            warmup: options.ingestWarmup,
            batch: options.batch,
            concurrency: options.ingestConcurrency,
            pids: { 'load generator': process.pid, ...pids },
            quiet: { threshold: QUIET_CORES, maxWaitS: options.quietWait, retries: 0 },
            log,
            ...(profileDir !== undefined ? { profileDir } : {})
          })
          await settle(es, names.read)
        }
        runs.push({ run, read, ...(ingest !== undefined ? { ingest } : {}), rssKiB: rss })
      }
      sizes.push({ docs, load, runs })
    }
    return sizes
  } finally {
    // The service writes its CPU profile when it exits.
    await service?.stop()
  }
}

function readContext (s: Setup, options: BenchOptions, parts: Pick<ReadContext, 'service' | 'bare' | 'token' | 'redis' | 'pids'>): ReadContext {
  return {
    ...parts,
    bareKey: name => `${s.prefix}:${name}`,
    connections: options.connections,
    duration: options.duration,
    warmup: options.warmup,
    quiet: { threshold: QUIET_CORES, maxWaitS: options.quietWait, retries: NOISY_RETRIES },
    log
  }
}

/** The cache's settle delay (settleMs): a flush advances the generation again this long after it. */
const SETTLE_MS = 2000

async function flushCache (service: Child, token: string): Promise<void> {
  const res = await fetch(`${service.url}/v1/admin/cache/flush`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  if (res.status !== 204) throw new Error(`cache flush answered ${res.status}`)
  // Past the second advance, or the entries warmed next would be orphaned in the middle of a measurement.
  await new Promise(resolve => setTimeout(resolve, SETTLE_MS + 500))
}

async function deleteKeys (redis: Redis, pattern: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
    if (keys.length > 0) await redis.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
}

async function reportProfile (dir: string): Promise<void> {
  for (const file of (await readdir(dir)).filter(name => name.endsWith('.cpuprofile'))) {
    const text = formatSummary(summarize(JSON.parse(await readFile(join(dir, file), 'utf8'))))
    await writeFile(join(dir, `${file}.top.txt`), `${text}\n`)
    process.stdout.write(`\nCPU profile of a service process (${join(dir, file)}):\n${text}\n`)
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(code => { process.exitCode = code }, error => {
    log(`bench failed: ${(error as Error).stack ?? String(error)}`)
    process.exitCode = 1
  })
}
