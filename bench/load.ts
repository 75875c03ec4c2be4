import { createHistogram, type RecordableHistogram } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { CpuMeter, type CpuUsage } from './cpu-meter.ts'

/** Where one autocannon instance sends its load. */
export interface Target {
  url: string
  headers?: Record<string, string>
  connections: number
}

export interface LoadOptions extends Target {
  /** Seconds measured. */
  duration: number
  /** Seconds of load before, not measured: JIT, connection pools and caches settle. */
  warmup: number
  /** Processes whose CPU use is reported (the rest of the machine is reported as `other`). */
  pids: Record<string, number>
}

/** One side of a scenario: throughput of 2xx answers and their latency (milliseconds, microsecond resolution). */
export interface LoadResult {
  /** Connections kept busy (all targets' together for a combined result). */
  connections: number
  requests: number
  rps: number
  p50: number
  p90: number
  p99: number
  max: number
  /** Non-2xx answers, connection errors and timeouts: a run with any of them is not a valid measurement. */
  failures: number
  seconds: number
  /** Who used the CPU while it was measured (cores). */
  cpu: CpuUsage
}

/** Several targets loaded at once: each one's figures, and all answers together (one latency histogram). */
export interface SplitLoad {
  each: LoadResult[]
  combined: LoadResult
  cpu: CpuUsage
}

/** Runs autocannon against one URL. */
export async function load (options: LoadOptions): Promise<LoadResult> {
  return (await loadTogether([options], options)).combined
}

/**
 * Runs one autocannon instance per target at the same time, under one CPU meter (what two replicas behind a
 * balancer see: both busy at once). Latencies are recorded here, in microseconds, from autocannon's per-answer
 * events: its own histogram keeps whole milliseconds, too coarse for answers that take a fraction of one.
 */
export async function loadTogether (targets: Target[], options: Pick<LoadOptions, 'duration' | 'warmup' | 'pids'>): Promise<SplitLoad> {
  if (options.warmup > 0) await Promise.all(targets.map(async target => await run(target, options.warmup)))
  const meter = new CpuMeter(options.pids)
  meter.begin()
  const runs = await Promise.all(targets.map(async target => await run(target, options.duration)))
  const cpu = meter.end()
  const all = createHistogram({ lowest: 1, highest: 120_000_000, figures: 3 })
  for (const { histogram } of runs) all.add(histogram)
  const sum = (pick: (r: Omit<LoadResult, 'cpu'>) => number) => runs.reduce((total, r) => total + pick(r.result), 0)
  const combined = {
    ...figures(all, Math.max(...runs.map(r => r.result.seconds))),
    rps: sum(r => r.rps),
    connections: sum(r => r.connections),
    failures: sum(r => r.failures),
    cpu
  }
  return { each: runs.map(r => ({ ...r.result, cpu })), combined, cpu }
}

async function run (target: Target, duration: number): Promise<{ result: Omit<LoadResult, 'cpu'>, histogram: RecordableHistogram }> {
  const histogram = createHistogram({ lowest: 1, highest: 120_000_000, figures: 3 })
  const instance = autocannon({ url: target.url, connections: target.connections, duration, headers: target.headers ?? {}, timeout: 30 })
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) histogram.record(Math.max(1, Math.round(ms * 1000)))
  })
  const result = await instance
  return { result: { ...figures(histogram, result.duration), connections: target.connections, failures: result.non2xx + result.errors + result.timeouts }, histogram }
}

/** Count, rate and percentiles of the 2xx answers of a histogram (microseconds) over `seconds`. */
function figures (histogram: RecordableHistogram, seconds: number): Omit<LoadResult, 'cpu' | 'failures' | 'connections'> {
  const ms = (us: number) => us / 1000
  return {
    requests: histogram.count,
    rps: histogram.count / seconds,
    p50: ms(histogram.percentile(50)),
    p90: ms(histogram.percentile(90)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    seconds
  }
}
