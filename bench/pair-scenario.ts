import { quietly } from './cpu-meter.ts'
import { loadTogether, type SplitLoad, type Target } from './load.ts'
import type { Child } from './processes.ts'
import { cacheCounters, cacheDelta, get, readTargets, type CacheDelta, type ReadContext, type ReadTargets, type SearchScenarioId } from './read-scenarios.ts'

/** The processes of each side, named as the CPU meter knows them: the first instance is the bench's usual one. */
export const PAIR_PROCESSES = { service: ['service', 'service 2'], limit: ['limit', 'limit 2'] } as const

export type PairSide = SplitLoad & { attempts: number }

export interface PairResult {
  id: SearchScenarioId
  /** Connections to each instance: the run's connections split in two, so the total load is scenario b's or c's. */
  connections: number
  /** Per instance (`each`, in PAIR_PROCESSES order) and combined; each instance's cache counters. */
  service: PairSide & { cache: CacheDelta[] }
  limit: PairSide
}

/** The read context with a second service instance and a second limit server. */
export interface PairContext extends ReadContext {
  service2: Child
  bare2: Child
}

/**
 * Scenario p: two service processes sharing Redis and Elasticsearch (same indices, same key prefix), what a
 * deployment of two replicas sees, both loaded at the same time with half the connections each; the limit side
 * is two limit servers loaded the same way. Each instance is prepared as in scenarios b and c (cache warmed on
 * both, or the same total found), and both must answer the same bytes from the shared cache.
 */
export async function pairScenario (id: SearchScenarioId, ctx: PairContext): Promise<PairResult> {
  const instances: ReadContext[] = [ctx, { ...ctx, service: ctx.service2, bare: ctx.bare2 }]
  // One after the other: both store the bytes the limit servers serve under the same key.
  const first = await readTargets(id, instances[0]!)
  await readTargets(id, instances[1]!)
  if (id === 'b') await sameAnswer(instances, first)
  const connections = Math.max(1, Math.floor(ctx.connections / 2))
  const counters = async () => await Promise.all(instances.map(async instance => await cacheCounters(instance.service, ctx.token)))
  const before = await counters()
  const service = await together(ctx, instances.map(instance => ({ url: `${instance.service.url}${first.path}`, headers: first.headers, connections })))
  const after = await counters()
  const limit = await together(ctx, instances.map(instance => ({ url: `${instance.bare.url}${first.limitPath}`, connections })))
  return { id, connections, service: { ...service, cache: before.map((counted, i) => cacheDelta(counted, after[i]!)) }, limit }
}

async function together (ctx: ReadContext, targets: Target[]): Promise<PairSide> {
  return await quietly(ctx.pids, ctx.quiet, ctx.log, async () => await loadTogether(targets, { duration: ctx.duration, warmup: ctx.warmup, pids: ctx.pids }))
}

/** A cached answer is one entry of the shared cache: both instances must serve the same bytes. */
async function sameAnswer (instances: ReadContext[], targets: ReadTargets): Promise<void> {
  const bodies = await Promise.all(instances.map(async instance => (await get(`${instance.service.url}${targets.path}`, targets.headers)).body))
  if (bodies[0] !== bodies[1]) throw new Error(`the two instances answer different bytes for ${targets.path}`)
}
