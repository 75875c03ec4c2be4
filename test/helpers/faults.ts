import type { Client } from '@elastic/elasticsearch'
import type { Test } from 'tap'

/** The figures every fault test reports (docs/operations.md, Faults, quotes them). */
export interface FaultFigures {
  acknowledged: number
  lost: number
  doubleApplied: number
  failedReads: number
  unavailable: number
  maxLatencyMs: number
  recoveryMs: number
  [more: string]: number
}

/** Prints the figures as one TAP comment line, so a run's output carries them. */
export function report (t: Pick<Test, 'comment'>, fault: string, figures: FaultFigures): void {
  t.comment(`fault figures ${fault}: ${JSON.stringify(figures)}`)
}

/** The node (name and pid) holding the primary of the shard a routing value lands on. */
export async function primaryNodeOf (es: Client, index: string, routing: string): Promise<{ name: string, pid: number }> {
  const found = await es.searchShards({ index, routing })
  const primary = found.shards[0]!.find(copy => copy.primary)!
  const nodes = await es.nodes.info({ metric: 'process' })
  const node = nodes.nodes[primary.node!]!
  return { name: node.name, pid: Number(node.process!.id) }
}

/** A timed call: its result or error, and how long it took. */
export async function timed<T> (call: () => Promise<T>): Promise<{ value?: T, error?: unknown, ms: number }> {
  const started = performance.now()
  try {
    const value = await call()
    return { value, ms: performance.now() - started }
  } catch (error) {
    return { error, ms: performance.now() - started }
  }
}

/** Polls `check` (which may throw) every 250 ms until it is true; the elapsed ms, or throws after `timeoutMs`. */
export async function waitFor (what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return performance.now() - started
    await new Promise(resolve => setTimeout(resolve, 250))
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`)
}
