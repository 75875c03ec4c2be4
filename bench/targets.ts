import type { IngestResult } from './ingest.ts'
import type { ReadResult, ReadScenarioId } from './read-scenarios.ts'
import { ratio } from './stats.ts'
import type { LoadReport } from './corpus.ts'
import type { MetricsCost } from './metrics-cost.ts'
import { RELEVANCE_TARGET, type RelevanceResult } from './relevance.ts'
import type { TypingResult } from './typing-scenario.ts'

export interface RunResult {
  run: number
  read: Partial<Record<ReadScenarioId, ReadResult>>
  ingest?: IngestResult
  /** `--metrics`: scenario b with metrics off and on. */
  metrics?: MetricsCost
  /** Scenario t: the uncached search while typing against the plain one. */
  typing?: TypingResult
  /** Scenario r, at the first size's first run (it uses the demo corpus in an index of its own). */
  relevance?: RelevanceResult
  /** VmRSS of the service child after the run's searches, KiB. */
  rssKiB: number | null
}

export interface SizeResult {
  docs: number
  load: LoadReport
  /** The searched index after loading (all tenants): documents, store size, segments. */
  index?: { docs: number, storeMiB: number, segments: number }
  runs: RunResult[]
}

/** One target checked on one run: `value` compared with `bound`. Reported, never asserted. */
export interface Verdict {
  target: string
  docs: number | null
  run: number | null
  value: number | null
  bound: number
  comparison: '>=' | '<='
  met: boolean | null
}

const check = (target: string, docs: number | null, run: number | null, value: number | null, comparison: '>=' | '<=', bound: number): Verdict => ({
  target, docs, run, value, bound, comparison, met: value === null ? null : comparison === '>=' ? value >= bound : value <= bound
})

/** The ratios a row of the table shows: service / limit. */
export function readRatios (result: ReadResult) {
  return {
    rps: ratio(result.service.rps, result.limit.rps),
    p50: ratio(result.service.p50, result.limit.p50),
    p99: ratio(result.service.p99, result.limit.p99)
  }
}

export function ingestRatio (result: IngestResult): number | null {
  return ratio(result.service.docsPerSecond, result.limit.docsPerSecond)
}

/** As you type and typo tolerance may cost this much at p50 over the plain query (issue 12). */
const TYPING_BOUND = 1.3

/** Largest RSS over the smallest across corpus sizes: "flat" allows 20 % (heap growth and GC timing vary). */
const RSS_FLAT_BOUND = 1.2

/** The targets, per size and run. */
export function evaluate (sizes: SizeResult[]): Verdict[] {
  const verdicts: Verdict[] = []
  for (const size of sizes) {
    for (const run of size.runs) {
      const { a, b, c } = run.read
      for (const cached of [a, b]) {
        if (cached === undefined) continue
        const r = readRatios(cached)
        verdicts.push(check(`${cached.id}: req/s ≥ 0.8× limit`, size.docs, run.run, r.rps, '>=', 0.8))
        verdicts.push(check(`${cached.id}: p99 ≤ 2× limit`, size.docs, run.run, r.p99, '<=', 2))
      }
      if (c !== undefined) verdicts.push(check('c: p50 ≤ 1.15× direct', size.docs, run.run, readRatios(c).p50, '<=', 1.15))
      if (run.ingest !== undefined) verdicts.push(check('d: docs/s ≥ 0.85× helper', null, run.run, ingestRatio(run.ingest), '>=', 0.85))
      if (run.typing !== undefined) verdicts.push(check(`t: p50 ≤ ${TYPING_BOUND}× plain`, size.docs, run.run, ratio(run.typing.typing.p50, run.typing.plain.p50), '<=', TYPING_BOUND))
      if (run.relevance !== undefined) verdicts.push(check(`r: top-10 overlap ≥ ${RELEVANCE_TARGET}`, null, run.run, run.relevance.average, '>=', RELEVANCE_TARGET))
      if (b !== undefined && c !== undefined) verdicts.push(check('hit ≥ 5× faster than miss (p50 c / p50 b)', size.docs, run.run, ratio(c.service.p50, b.service.p50), '>=', 5))
    }
  }
  const rss = sizes.map(size => size.runs.at(-1)?.rssKiB ?? null).filter((v): v is number => v !== null)
  if (sizes.length > 1 && rss.length === sizes.length) {
    verdicts.push(check(`RSS flat from ${sizes[0]!.docs} to ${sizes.at(-1)!.docs} documents (max / min)`, null, null, Math.max(...rss) / Math.min(...rss), '<=', RSS_FLAT_BOUND))
  }
  return verdicts
}
