import { metricsCost } from './metrics-cost.ts'
import { pairScenario, type PairContext } from './pair-scenario.ts'
import type { Child } from './processes.ts'
import { readScenario, type ReadContext, type ReadScenarioId, type SearchScenarioId } from './read-scenarios.ts'
import type { RunResult } from './targets.ts'
import { typingScenario } from './typing-scenario.ts'

/** What one run measures on the corpus, and the extra processes some scenarios need. */
export interface ReadPlan {
  /** Scenarios a–c, as asked for. */
  reads: ReadScenarioId[]
  /** Scenario l: b and c again with one connection. */
  single: boolean
  /** Scenario p: the second service instance and limit server, when asked for. */
  pair?: Pick<PairContext, 'service2' | 'bare2'>
  /** `--metrics`: the service with metrics on. */
  withMetrics?: Child
  /** Scenario t. */
  typing: boolean
}

/** The scenarios of both one-connection latency (l) and two instances (p): the hot cached and the uncached search. */
const SEARCHES: SearchScenarioId[] = ['b', 'c']

/** The read scenarios of one run, in order: a–c, l, p, metrics cost, t. */
export async function readRun (ctx: ReadContext, plan: ReadPlan, run: string): Promise<Omit<RunResult, 'run' | 'rssKiB'>> {
  const result: Omit<RunResult, 'run' | 'rssKiB'> = { read: {} }
  for (const id of plan.reads) {
    ctx.log(`  ${run}, scenario ${id}`)
    result.read[id] = await readScenario(id, ctx)
  }
  if (plan.single) {
    result.single = {}
    for (const id of SEARCHES) {
      ctx.log(`  ${run}, scenario l (${id}, one connection)`)
      result.single[id] = await readScenario(id, { ...ctx, connections: 1 })
    }
  }
  if (plan.pair !== undefined) {
    result.pair = {}
    for (const id of SEARCHES) {
      ctx.log(`  ${run}, scenario p (${id}, two instances)`)
      result.pair[id] = await pairScenario(id, { ...ctx, ...plan.pair })
    }
  }
  if (plan.withMetrics !== undefined) {
    ctx.log(`  ${run}, scenario b with metrics off, then on`)
    result.metrics = await metricsCost({ ...ctx, pids: { ...ctx.pids, 'service (metrics on)': plan.withMetrics.pid } }, plan.withMetrics)
  }
  if (plan.typing) {
    ctx.log(`  ${run}, scenario t`)
    result.typing = await typingScenario(ctx)
  }
  return result
}
