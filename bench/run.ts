/**
 * The benchmark: the service next to its limits (bench/README.md). `npm run bench -- --help` lists the options.
 * The service and the bare limit server are child processes; this process only generates load and measures.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Client } from '@elastic/elasticsearch'
import type { Redis } from 'ioredis'
import { dropIndices } from '../test/helpers/indices.ts'
import { indexNames } from '../src/search/index/index-names.ts'
import { tenantCount } from './corpus.ts'
import { formatSummary, summarize } from './cpu-profile.ts'
import { describeMachine } from './machine.ts'
import { measure } from './measure.ts'
import { parseOptions, USAGE, type BenchOptions } from './options.ts'
import { stopAll } from './processes.ts'
import { formatReport } from './report.ts'
import { BENCH_TENANT, SEARCH_INPUT } from './search-query.ts'
import { benchClients, setup, type Setup } from './service.ts'
import { evaluate } from './targets.ts'
import { unlinkMatching } from '../test/helpers/redis-keys.ts'

const log = (line: string) => { process.stderr.write(`${line}\n`) }

export async function main (argv: string[]): Promise<number> {
  const options = parseOptions(argv)
  if (options === null) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const s = setup(options.prefix, options.serviceRoot, options.serviceNodeArgs)
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
    await unlinkMatching(redis, `${s.prefix}:*`).catch(() => {})
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
    const machine = await describeMachine(es, redis, s.config)
    log(`machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, Elasticsearch ${machine.elasticsearch}, Redis ${machine.redis}`)
    await prepare(s, options, es, redis)
    const sizes = await measure(s, options, es, redis, machine.pids, log, profileDir)
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
  await unlinkMatching(redis, `${s.prefix}:*`)
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
