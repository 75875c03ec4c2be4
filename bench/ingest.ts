import type { Client } from '@elastic/elasticsearch'
import type { DemoDocument } from '../src/demo/corpus.ts'
import { esId } from '../src/search/analyses/ids.ts'
import type { StoredAnalysis } from '../src/search/analyses/stored-analysis.ts'
import { dropIndices } from '../test/helpers/indices.ts'
import { indexNames } from '../src/search/index/index-names.ts'
import { analysesIndexBody } from '../src/search/index/mappings.ts'
import { chooseTextAnalysis } from '../src/search/index/text-analysis.ts'
import { corpusRange, settle, storedDocument } from './corpus.ts'
import { CpuMeter, waitForQuiet, type CpuUsage, type Quiet } from './cpu-meter.ts'
import { percentile } from './stats.ts'
import { benchToken, startService, type Setup } from './service.ts'

export interface IngestOptions {
  /** Documents measured, after `warmup` documents that are not. */
  docs: number
  warmup: number
  batch: number
  concurrency: number
  /** As in ReadContext: processes measured, and the wait for a quiet machine before each side. */
  pids: Record<string, number>
  /** Waits for a quiet machine before each side (no repeat: a repeat would update instead of create). */
  quiet: Quiet
  log: (line: string) => void
  /** Run the ingesting service under `node --cpu-prof`, writing here. */
  profileDir?: string
}

interface IngestSide {
  docs: number
  seconds: number
  docsPerSecond: number
  /** Latency of one batch (milliseconds); the helper does not report it per batch. */
  p50: number | null
  p99: number | null
  cpu: CpuUsage
}

export interface IngestResult { service: IngestSide, limit: IngestSide, batch: number, concurrency: number }

const TENANT = 'ingest'

/**
 * Scenario d. The same documents go (1) through POST /v1/analyses/_bulk of a service instance of its own, as
 * NDJSON batches (parsing, validation, normalization, Elasticsearch bulk), and (2) through the Elasticsearch bulk
 * helper, already normalized (prepareAnalysis), into a scratch index with the same settings and mapping. Both
 * indices start empty, both sides use the same concurrency and batches of about the same size.
 */
export async function ingestScenario (s: Setup, es: Client, options: IngestOptions): Promise<IngestResult> {
  const docs = [...corpusRange(0, options.warmup + options.docs)]
  const serviceNames = indexNames(`${s.prefix}-ingest`)
  const directNames = indexNames(`${s.prefix}-direct`)
  await dropIndices(es, serviceNames)
  await dropIndices(es, directNames)
  try {
    const service = await throughApi(s, es, docs, options)
    await settle(es, serviceNames.read)
    const limit = await throughHelper(es, directNames.version(1), docs, options)
    return { service, limit, batch: options.batch, concurrency: options.concurrency }
  } finally {
    await dropIndices(es, serviceNames)
    await dropIndices(es, directNames)
  }
}

async function throughApi (s: Setup, es: Client, docs: DemoDocument[], options: IngestOptions): Promise<IngestSide> {
  const child = await startService(s, `${s.prefix}-ingest`, options.profileDir !== undefined ? { profileDir: options.profileDir } : {})
  try {
    const url = `${child.url}/v1/analyses/_bulk`
    const headers = { authorization: `Bearer ${benchToken(s, TENANT)}`, 'content-type': 'application/x-ndjson' }
    const batches: string[] = []
    for (let i = 0; i < docs.length; i += options.batch) batches.push(docs.slice(i, i + options.batch).map(doc => JSON.stringify(doc)).join('\n'))
    const warm = Math.ceil(options.warmup / options.batch)
    await send(url, headers, batches.slice(0, warm), options.concurrency)
    await settle(es, indexNames(`${s.prefix}-ingest`).read)
    const meter = await quietMeter({ ...options, pids: { ...options.pids, service: child.pid } })
    const started = performance.now()
    const latencies = await send(url, headers, batches.slice(warm), options.concurrency)
    const seconds = (performance.now() - started) / 1000
    return { docs: options.docs, seconds, docsPerSecond: options.docs / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu: meter.end() }
  } finally {
    await child.stop()
  }
}

/** A closed loop of `concurrency` senders, each posting its next batch when the previous one is answered. */
async function send (url: string, headers: Record<string, string>, batches: string[], concurrency: number): Promise<number[]> {
  const latencies: number[] = []
  let next = 0
  const sender = async (): Promise<void> => {
    while (next < batches.length) {
      const body = batches[next++]!
      const started = performance.now()
      const res = await fetch(url, { method: 'POST', headers, body })
      const answer = await res.json() as { errors?: boolean, items?: Array<{ status: number }> }
      latencies.push(performance.now() - started)
      if (res.status !== 200 || answer.errors !== false) {
        const refused = answer.items?.find(item => item.status >= 300)
        throw new Error(`bulk API answered ${res.status}: ${JSON.stringify(refused ?? answer).slice(0, 500)}`)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, sender))
  return latencies
}

async function throughHelper (es: Client, index: string, docs: DemoDocument[], options: IngestOptions): Promise<IngestSide> {
  await es.indices.create({ ...analysesIndexBody(await chooseTextAnalysis(es), { shards: 1 }), index, wait_for_active_shards: 1 })
  const nowMs = Date.now()
  const stored = docs.map((doc, i) => storedDocument(TENANT, doc, i, nowMs))
  // The helper flushes by bytes, not by count: this size makes its batches hold `batch` documents on average.
  const action = (doc: StoredAnalysis) => ({ index: { _index: index, _id: esId(TENANT, doc.id), routing: TENANT } })
  const bytes = stored.reduce((sum, doc) => sum + Buffer.byteLength(JSON.stringify(action(doc))) + Buffer.byteLength(JSON.stringify(doc)) + 2, 0)
  const flushBytes = Math.round(bytes / stored.length * options.batch)
  const index1 = async (list: StoredAnalysis[]) => {
    const stats = await es.helpers.bulk<StoredAnalysis>({ datasource: list, onDocument: action, concurrency: options.concurrency, flushBytes, flushInterval: 60_000 })
    if (stats.failed > 0 || stats.successful !== list.length) throw new Error(`bulk helper: ${stats.failed} failed, ${stats.successful} of ${list.length} stored`)
  }
  await index1(stored.slice(0, options.warmup))
  await settle(es, index)
  const meter = await quietMeter(options)
  const started = performance.now()
  await index1(stored.slice(options.warmup))
  const seconds = (performance.now() - started) / 1000
  return { docs: options.docs, seconds, docsPerSecond: options.docs / seconds, p50: null, p99: null, cpu: meter.end() }
}

async function quietMeter (options: IngestOptions): Promise<CpuMeter> {
  if (options.quiet.maxWaitS > 0) await waitForQuiet(options.pids, options.quiet.threshold, options.quiet.maxWaitS, options.log)
  const meter = new CpuMeter(options.pids)
  meter.begin()
  return meter
}
