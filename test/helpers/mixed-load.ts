import type { FastifyInstance } from 'fastify'
import { timed } from './faults.ts'

/** When the fault struck, when the engine took over again (failover, if it has one), when everything recovered. */
export interface LoadMarks { killedAt: number, failedOverAt: number, recoveredAt: number }

export interface MixedLoadFigures {
  acknowledged: number
  failedReads: number
  /** Reads older than an acknowledged write while the fault lasted (docs/cache.md, residual window) / after it. */
  staleDuring: number
  staleAfter: number
  reads: number
  /** Cache hits once the engine took over again: the cache serves after the fault. */
  hitsAfter: number
  maxLatencyMs: number
  marks: LoadMarks
}

/**
 * The Redis fault tests' load: one writer (`refresh=wait_for`) on the first instance, three readers of the counting
 * route (test/plugins/cache/count-route.ts) on both, while `fault` strikes and fills in its marks. The loops run
 * until 4 s after recovery. A read is stale when it counts fewer analyses than were acknowledged before it started.
 */
export async function underMixedLoad (apps: FastifyInstance[], headers: { reader: Record<string, string>, ingester: Record<string, string> },
  fault: (marks: LoadMarks) => Promise<void>): Promise<MixedLoadFigures> {
  const figures: MixedLoadFigures = { acknowledged: 0, failedReads: 0, staleDuring: 0, staleAfter: 0, reads: 0, hitsAfter: 0, maxLatencyMs: 0, marks: { killedAt: 0, failedOverAt: 0, recoveredAt: 0 } }
  const { marks } = figures
  const running = () => marks.recoveredAt === 0 || performance.now() - marks.recoveredAt < 4000
  let written = 0
  const writer = async (): Promise<void> => {
    while (running()) {
      const id = `load-${written++}`
      const res = await apps[0]!.inject({ method: 'PUT', url: `/v1/analyses/${id}?refresh=wait_for`, headers: headers.ingester, payload: { caption: id, image_analysis: {} } })
      if (res.statusCode === 201) figures.acknowledged++
    }
  }
  const readLoop = async (app: FastifyInstance): Promise<void> => {
    while (running()) {
      const floor = figures.acknowledged
      const after = marks.recoveredAt > 0
      const res = await timed(async () => await app.inject({ url: '/__test/count', headers: headers.reader }))
      figures.reads++
      figures.maxLatencyMs = Math.max(figures.maxLatencyMs, res.ms)
      if (res.value?.statusCode !== 200) figures.failedReads++
      else if (res.value.json().count < floor) after ? figures.staleAfter++ : figures.staleDuring++
      else if ((marks.failedOverAt || marks.recoveredAt) > 0 && /; hit/.test(String(res.value.headers['cache-status']))) figures.hitsAfter++
    }
  }
  await Promise.all([writer(), readLoop(apps[0]!), readLoop(apps[1]!), readLoop(apps[1]!), fault(marks)])
  return figures
}
