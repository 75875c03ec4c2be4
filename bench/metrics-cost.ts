import type { LoadResult } from './load.ts'
import type { Child } from './processes.ts'
import { hotSearchLoad, type ReadContext } from './read-scenarios.ts'
import { ratio } from './stats.ts'

/** Scenario b on the service with metrics off and on (tracing off in both), measured back to back. */
export interface MetricsCost {
  off: LoadResult & { attempts: number }
  on: LoadResult & { attempts: number }
  /** on / off: the share of throughput kept (issue 15: within 5 %, so ≥ 0.95) and the p99 growth. */
  rpsRatio: number | null
  p99Ratio: number | null
}

/**
 * The cost of metrics on the hottest path (a cached search): the same load against the service as the bench
 * runs it (METRICS_PORT unset) and against a second one with its metrics listener on, each measured with the
 * other idle. Both serve the same cache entries (same indices and key prefix).
 */
export async function metricsCost (ctx: ReadContext, withMetrics: Child): Promise<MetricsCost> {
  const off = await hotSearchLoad(ctx, ctx.service)
  const on = await hotSearchLoad(ctx, withMetrics)
  return { off, on, rpsRatio: ratio(on.rps, off.rps), p99Ratio: ratio(on.p99, off.p99) }
}
