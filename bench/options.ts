import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ROOT } from './processes.ts'

const SCENARIOS = ['a', 'b', 'c', 'd', 'l', 'p', 't', 'r'] as const
type ScenarioId = typeof SCENARIOS[number]

export interface BenchOptions {
  quick: boolean
  /** Corpus sizes, ascending: the read scenarios (a–c, l, p, t) run at each, d once (it uses its own empty indices). */
  sizes: number[]
  runs: number
  connections: number
  duration: number
  warmup: number
  ingestDocs: number
  ingestWarmup: number
  batch: number
  ingestConcurrency: number
  only: ScenarioId[]
  out: string
  prefix: string
  profile: boolean
  keep: boolean
  /** Also measure scenario b with metrics on beside metrics off (tracing off), as a ratio. */
  metrics: boolean
  /** Seconds to wait, before each measurement, for other processes to leave the CPU alone (0: do not wait). */
  quietWait: number
  /** Checkout whose src/server.ts runs as the service (another version of it, for before/after comparisons). */
  serviceRoot: string
  /** Extra Node flags of the service process (runtime tuning experiments, e.g. --max-semi-space-size=64). */
  serviceNodeArgs: string[]
}

export const USAGE = `usage: npm run bench -- [options]   (node bench/run.ts [options])

  --quick               smoke run: 300 documents, ~1 s per scenario, one run (the test suite runs this)
  --docs LIST           corpus sizes, e.g. 10k (default), 100k, 1m, or 10k,100k,1m for the growth curve
  --runs N              full runs at each size (default 2; quick 1)
  --connections N       autocannon connections of every read scenario, both sides (default 8; l: always 1;
                        p: half of them to each of the two processes of a side)
  --duration S          measured seconds per side (default 15; quick 1)
  --warmup S            unmeasured seconds of load before each side (default 5; quick 0.3)
  --ingest-docs N       documents measured in scenario d (default 20000; quick 300)
  --batch N             documents per bulk request in scenario d (default 1000; quick 100)
  --ingest-concurrency N  bulk requests in flight in scenario d, both sides (default 2)
  --only a,b,c,d,l,p,t,r  run only these scenarios (l: b and c with one connection; p: b and c on two service
                        instances at once; t: typing vs plain uncached search; r: relevance of query pairs on
                        the demo corpus, its own index)
  --out DIR             results directory (default bench/results)
  --prefix P            index and Redis key prefix (default bench; quick: bench-q-<random>)
  --profile             run the service under node --cpu-prof and print its hottest frames
  --metrics             also run scenario b against a second service with Prometheus metrics on (tracing
                        off), beside the plain one, and report the ratio (the cost of metrics)
  --keep                keep the corpus index at the end (a later run of the same or a larger size reuses it)
  --quiet-wait S        before each measurement, wait up to S seconds while other processes keep more than
                        a quarter of a core busy (default 120; quick 0)
  --service-root DIR    run DIR/src/server.ts as the service: another checkout, to compare versions
                        (DIR needs node_modules, e.g. a symbolic link to this one's)
  --service-node-args=F Node flags for the service process, space-separated (e.g. --service-node-args=--max-semi-space-size=64)
  --help`

export function parseOptions (argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      docs: { type: 'string' },
      runs: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'ingest-docs': { type: 'string' },
      batch: { type: 'string' },
      'ingest-concurrency': { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      prefix: { type: 'string' },
      profile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      metrics: { type: 'boolean', default: false },
      'quiet-wait': { type: 'string' },
      'service-root': { type: 'string' },
      'service-node-args': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) return null
  const quick = values.quick
  const ingestDocs = count('--ingest-docs', values['ingest-docs'], quick ? 300 : 20_000)
  const batch = count('--batch', values.batch, quick ? 100 : 1000)
  const options: BenchOptions = {
    quick,
    sizes: (values.docs ?? (quick ? '300' : '10k')).split(',').map(size => count('--docs', size, 0)).sort((a, b) => a - b),
    runs: count('--runs', values.runs, quick ? 1 : 2),
    connections: count('--connections', values.connections, quick ? 2 : 8),
    duration: seconds('--duration', values.duration, quick ? 1 : 15),
    warmup: seconds('--warmup', values.warmup, quick ? 0.3 : 5),
    ingestDocs,
    ingestWarmup: quick ? batch : 2 * batch,
    batch,
    ingestConcurrency: count('--ingest-concurrency', values['ingest-concurrency'], 2),
    only: values.only === undefined ? [...SCENARIOS] : values.only.split(',').map(scenario),
    out: values.out ?? join(ROOT, 'bench/results'),
    prefix: values.prefix ?? (quick ? `bench-q-${randomBytes(3).toString('hex')}` : 'bench'),
    profile: values.profile,
    keep: values.keep,
    metrics: values.metrics,
    quietWait: seconds('--quiet-wait', values['quiet-wait'], quick ? 0 : 120),
    serviceRoot: resolve(values['service-root'] ?? ROOT),
    serviceNodeArgs: (values['service-node-args'] ?? '').split(' ').filter(arg => arg !== '')
  }
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(options.prefix)) throw new Error(`--prefix ${options.prefix}: lower-case letters, digits and dashes`)
  if (options.duration <= 0) throw new Error('--duration must be more than 0 seconds')
  if (options.batch > 1000) throw new Error('--batch: the bulk API takes at most 1000 documents per request')
  return options
}

/** 300, 10000, 10k, 1m, 1_000_000. */
export function count (name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const match = /^(\d[\d_]*)([km]?)$/i.exec(text.trim())
  const value = match === null ? NaN : Number(match[1]!.replaceAll('_', '')) * ({ k: 1e3, m: 1e6 }[match[2]!.toLowerCase()] ?? 1)
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name}: a positive count like 300, 10k or 1m, got ${text}`)
  return value
}

function seconds (name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}: seconds, got ${text}`)
  return value
}

function scenario (text: string): ScenarioId {
  const id = text.trim() as ScenarioId
  if (!SCENARIOS.includes(id)) throw new Error(`--only: scenarios are ${SCENARIOS.join(', ')}, got ${text}`)
  return id
}
