import { createHistogram } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { CpuMeter, type CpuUsage } from './cpu-meter.ts'

export interface LoadOptions {
  url: string
  headers?: Record<string, string>
  connections: number
  /** Seconds measured. */
  duration: number
  /** Seconds of load before, not measured: JIT, connection pools and caches settle. */
  warmup: number
  /** Processes whose CPU use is reported (the rest of the machine is reported as `other`). */
  pids: Record<string, number>
}

/** One side of a scenario: throughput of 2xx answers and their latency (milliseconds, microsecond resolution). */
export interface LoadResult {
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

/**
 * Runs autocannon against one URL. Latencies are recorded here, in microseconds, from autocannon's per-answer
 * events: its own histogram keeps whole milliseconds, too coarse for answers that take a fraction of one.
 */
export async function load (options: LoadOptions): Promise<LoadResult> {
  if (options.warmup > 0) await run({ ...options, duration: options.warmup })
  const meter = new CpuMeter(options.pids)
  meter.begin()
  const result = await run(options)
  return { ...result, cpu: meter.end() }
}

async function run (options: LoadOptions): Promise<Omit<LoadResult, 'cpu'>> {
  const histogram = createHistogram({ lowest: 1, highest: 120_000_000, figures: 3 })
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    headers: options.headers ?? {},
    timeout: 30
  })
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) histogram.record(Math.max(1, Math.round(ms * 1000)))
  })
  const result = await instance
  const requests = histogram.count
  const ms = (us: number) => us / 1000
  return {
    requests,
    rps: requests / result.duration,
    p50: ms(histogram.percentile(50)),
    p90: ms(histogram.percentile(90)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    failures: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration
  }
}
