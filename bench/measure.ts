import type { Client } from '@elastic/elasticsearch'
import type { Redis } from 'ioredis'
import { indexNames } from '../src/search/index/index-names.ts'
import { loadCorpus, settle } from './corpus.ts'
import { ingestScenario } from './ingest.ts'
import type { BenchOptions } from './options.ts'
import { rssKiB, type Child } from './processes.ts'
import { readRun, type ReadPlan } from './read-run.ts'
import type { ReadContext } from './read-scenarios.ts'
import { relevanceCheck } from './relevance.ts'
import { BENCH_TENANT, directSearchRequest } from './search-query.ts'
import { benchToken, startBare, startService, type Setup } from './service.ts'
import type { RunResult, SizeResult } from './targets.ts'
import { DEFAULT_SETTLE_MS } from '../src/search/cache/generations.ts'

/** Other processes using less than this many cores count as a quiet machine. */
const QUIET_CORES = 0.25
/** A read measurement during which other processes were busy is repeated up to this many times. */
const NOISY_RETRIES = 2

/**
 * Every size in turn: load (top up) the corpus, then `runs` times the read scenarios and the service's RSS, and
 * scenario d at the first size only (its indices are its own, the corpus size does not matter to it).
 */
export async function measure (s: Setup, options: BenchOptions, es: Client, redis: Redis, pids: Record<string, number>, log: (line: string) => void, profileDir?: string): Promise<SizeResult[]> {
  const names = indexNames(s.prefix)
  const plan: ReadPlan = { reads: (['a', 'b', 'c'] as const).filter(id => options.only.includes(id)), single: options.only.includes('l'), typing: options.only.includes('t') }
  // Scenarios a–c, l, p and t search the corpus (and the limit server holds c's request).
  const searches = plan.reads.length > 0 || plan.single || plan.typing || options.only.includes('p')
  const sizes: SizeResult[] = []
  let service: Child | undefined
  try {
    service = await startService(s, s.prefix, profileDir !== undefined ? { profileDir } : {})
    if (options.metrics) plan.withMetrics = await startService(s, s.prefix, { metrics: true })
    const bare = searches ? await startBare(s, directSearchRequest(names.read)) : undefined
    // Scenario p: a second replica of the service on the same indices and keys, and a second limit server.
    if (options.only.includes('p')) plan.pair = { service2: await startService(s, s.prefix), bare2: await startBare(s, directSearchRequest(names.read)) }
    const processes = { 'load generator': process.pid, service: service.pid, ...(bare !== undefined ? { limit: bare.pid } : {}), ...(plan.pair !== undefined ? { 'service 2': plan.pair.service2.pid, 'limit 2': plan.pair.bare2.pid } : {}), ...pids }
    const token = benchToken(s, BENCH_TENANT)
    for (const [i, docs] of options.sizes.entries()) {
      log(`corpus: ${docs.toLocaleString('en')} documents`)
      const load = searches ? await loadCorpus(es, names, BENCH_TENANT, docs, log) : { docs: 0, loaded: 0, seconds: 0, docsPerSecond: 0 }
      await settle(es, names.read)
      const index = await indexStats(es, names.read)
      log(`  index: ${index.docs.toLocaleString('en')} documents (all tenants), ${index.storeMiB} MiB, ${index.segments} segments`)
      // Loaded behind the service's back: its cached answers must go.
      await flushCache(service, token)
      const runs: RunResult[] = []
      for (let run = 1; run <= options.runs; run++) {
        const reads = bare !== undefined ? await readRun(readContext(s, options, log, { service, bare, token, redis, pids: processes }), plan, `run ${run}/${options.runs}`) : { read: {} }
        const relevance = i === 0 && run === 1 && options.only.includes('r') ? await relevanceCheck(es, s.prefix, log) : undefined
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
        runs.push({
          run,
          ...reads,
          ...(ingest !== undefined ? { ingest } : {}),
          ...(relevance !== undefined ? { relevance } : {}),
          rssKiB: rss
        })
      }
      sizes.push({ docs, load, index, runs })
    }
    return sizes
  } finally {
    // The service writes its CPU profile when it exits.
    await plan.withMetrics?.stop()
    await plan.pair?.service2.stop()
    await service?.stop()
  }
}

function readContext (s: Setup, options: BenchOptions, log: (line: string) => void, parts: Pick<ReadContext, 'service' | 'bare' | 'token' | 'redis' | 'pids'>): ReadContext {
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

async function flushCache (service: Child, token: string): Promise<void> {
  const res = await fetch(`${service.url}/v1/admin/cache/flush`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  if (res.status !== 204) throw new Error(`cache flush answered ${res.status}`)
  // A flush advances the generation again DEFAULT_SETTLE_MS later: wait past that second advance, or the entries
  // warmed next would be orphaned in the middle of a measurement.
  await new Promise(resolve => setTimeout(resolve, DEFAULT_SETTLE_MS + 500))
}

/** Size of the index searched: documents, store and segments (more segments, slower searches). */
async function indexStats (es: Client, index: string): Promise<NonNullable<SizeResult['index']>> {
  const stats = await es.indices.stats({ index, metric: ['docs', 'store', 'segments'] })
  const total = stats._all.primaries
  return { docs: total?.docs?.count ?? 0, storeMiB: Math.round((total?.store?.size_in_bytes ?? 0) / 2 ** 20), segments: total?.segments?.count ?? 0 }
}
