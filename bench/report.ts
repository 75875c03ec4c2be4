import type { IngestResult } from './ingest.ts'
import type { LoadResult } from './load.ts'
import { HEADER, ingestRows, int, LIMIT_NAMES, met, mib, ms, pairRows, pct, readRows, table, TITLES, x } from './report-rows.ts'
import { ratio, spread } from './stats.ts'
import { readRatios, type RunResult, type SizeResult, type Verdict } from './targets.ts'

/** The tables printed at the end of a bench: per size and run, the spread of runs, the growth curve. */
export function formatReport (sizes: SizeResult[], verdicts: Verdict[]): string {
  const out: string[] = []
  for (const size of sizes) {
    const load = size.load.loaded > 0 ? `, loaded ${int(size.load.loaded)} in ${size.load.seconds.toFixed(0)} s (${int(size.load.docsPerSecond)} docs/s)` : ''
    for (const run of size.runs) {
      const mine = (prefix: string) => verdicts.filter(v => v.run === run.run && (v.docs === size.docs || v.docs === null) && v.target.startsWith(prefix))
      const rows = [HEADER]
      for (const id of ['a', 'b', 'c'] as const) if (run.read[id] !== undefined) rows.push(...readRows(TITLES[id], run.read[id], mine(`${id}:`)))
      for (const id of ['b', 'c'] as const) if (run.single?.[id] !== undefined) rows.push(...readRows(TITLES[`l${id}`], run.single[id], mine(`l ${id}:`)))
      for (const id of ['b', 'c'] as const) if (run.pair?.[id] !== undefined) rows.push(...pairRows(run.pair[id]))
      if (run.ingest !== undefined) rows.push(...ingestRows(run.ingest, mine('d:')))
      out.push(`\n== ${int(size.docs)} documents${load} — run ${run.run} of ${size.runs.length} ==`, table(rows))
      out.push(...runLines(run, mine('hit'), mine('t:')[0], mine('r:')[0]))
    }
    if (size.runs.length > 1) out.push(`\nspread of ${size.runs.length} runs at ${int(size.docs)} documents ((max − min) / mean)`, spreadTable(size))
  }
  const growth = sizes.filter(size => size.runs.some(run => run.read.c !== undefined || run.single?.c !== undefined))
  if (growth.length > 0) out.push('\ngrowth (last run at each size; uncached search c and l c, hot search b)', growthTable(growth))
  const rss = verdicts.find(v => v.target.startsWith('RSS'))
  if (rss !== undefined) out.push(`${rss.target}: ${x(rss.value)} (target ≤ ${rss.bound}×: ${met(rss)})`)
  return out.join('\n')
}

/** The lines under a run's table: hit vs miss, two instances vs one, t, r, the metrics cost, the RSS. */
function runLines (run: RunResult, hits: Verdict[], t: Verdict | undefined, r: Verdict | undefined): string[] {
  const out: string[] = []
  const { b, c } = run.read
  if (hits.length > 0) {
    const speedups: string[] = []
    for (const [hit, miss] of [[b, c], [run.single?.b, run.single?.c]]) {
      if (hit !== undefined && miss !== undefined) speedups.push(`${x(ratio(miss.service.p50, hit.service.p50))} with ${miss.service.connections} connection${miss.service.connections === 1 ? '' : 's'}`)
    }
    out.push(`hit vs miss: p50 of the uncached search / p50 of the cached one (service) = ${speedups.join(', ')} (target ≥ ${hits[0]!.bound}×: ${hits.map(met).join(', ')})`)
  }
  const pairs = (['b', 'c'] as const).flatMap(id => {
    const one = run.read[id]
    const two = run.pair?.[id]
    if (one === undefined || two === undefined) return []
    return [`${id === 'b' ? 'hits' : 'misses'} ${x(ratio(two.service.combined.rps, one.service.rps))} req/s, ${x(ratio(two.service.combined.p99, one.service.p99))} p99`]
  })
  if (pairs.length > 0) out.push(`two instances (p) over one (b, c), the same connections in all: ${pairs.join('; ')}`)
  if (run.typing !== undefined) {
    const { typing, plain } = run.typing
    out.push(`t typing vs plain (uncached, side by side): p50 ${ms(typing.p50)} / ${ms(plain.p50)} ms = ${x(t?.value ?? null)}, p99 ${ms(typing.p99)} / ${ms(plain.p99)} ms, ` +
      `${int(typing.rps)} / ${int(plain.rps)} req/s, ${int(typing.total)} / ${int(plain.total)} hits (target p50 ≤ ${t?.bound ?? '–'}×: ${met(t)})` +
      (typing.failures + plain.failures > 0 ? '; FAILED REQUESTS' : ''))
  }
  if (run.relevance !== undefined) {
    const { average, byKind, pairs: queries } = run.relevance
    out.push(`r relevance (${queries.length} query pairs, demo corpus of ${run.relevance.docs}): average top-10 overlap ${average.toFixed(3)} ` +
      `(typo ${byKind.typo.toFixed(2)}, prefix ${byKind.prefix.toFixed(2)}, wording ${byKind.wording.toFixed(2)}; target ≥ ${r?.bound ?? '–'}: ${met(r)})`)
  }
  if (run.metrics !== undefined) {
    const { off, on, rpsRatio, p99Ratio } = run.metrics
    out.push(`metrics cost (scenario b, metrics on / off, tracing off): ${int(on.rps)} / ${int(off.rps)} req/s = ${x(rpsRatio)}, p99 ${ms(on.p99)} / ${ms(off.p99)} ms = ${x(p99Ratio)} (target: req/s ratio ≥ 0.95×: ${rpsRatio === null ? 'n/a' : rpsRatio >= 0.95 ? 'met' : 'MISSED'})`)
  }
  out.push(`service RSS after the searches: ${mib(run.rssKiB)}; CPU in cores (own = the side's processes: service, limit server, or for the helper the load generator); CPU/req = own CPU per answer (per document for d)`)
  return out
}

function growthTable (growth: SizeResult[]): string {
  const rows = [['documents', 'index', 'search p50 ms', 'search p99 ms', 'direct p50 ms', 'p50 ratio', '1 conn: search p50', 'direct p50', 'hit p50 ms', 'service RSS']]
  for (const size of growth) {
    const run = size.runs.at(-1)!
    const { c } = run.read
    const single = run.single?.c
    const index = size.index === undefined ? '–' : `${size.index.storeMiB} MiB, ${size.index.segments} segments`
    rows.push([int(size.docs), index, ms(c?.service.p50 ?? null), ms(c?.service.p99 ?? null), ms(c?.limit.p50 ?? null), c === undefined ? '–' : x(readRatios(c).p50),
      ms(single?.service.p50 ?? null), ms(single?.limit.p50 ?? null), ms(run.read.b?.service.p50 ?? null), mib(run.rssKiB)])
  }
  return table(rows)
}

/** Each measured side's figures across runs: service and limit of a–c, l and p (combined), d's rates. */
function spreadTable (size: SizeResult): string {
  const scenarios: Array<{ title: string, limitName: string, pick: (run: RunResult) => { service: LoadResult, limit: LoadResult } | undefined }> = [
    ...(['a', 'b', 'c'] as const).map(id => ({ title: TITLES[id], limitName: LIMIT_NAMES[id], pick: (run: RunResult) => run.read[id] })),
    ...(['b', 'c'] as const).map(id => ({ title: TITLES[`l${id}`], limitName: LIMIT_NAMES[id], pick: (run: RunResult) => run.single?.[id] })),
    ...(['b', 'c'] as const).map(id => ({
      title: TITLES[`p${id}`],
      limitName: `2 × ${LIMIT_NAMES[id]}`,
      pick: (run: RunResult) => {
        const pair = run.pair?.[id]
        return pair === undefined ? undefined : { service: pair.service.combined, limit: pair.limit.combined }
      }
    }))
  ]
  const rows = [['scenario', 'side', 'req/s per run', 'req/s spread', 'p50 ms per run', 'p50 spread', 'p99 spread']]
  for (const { title, limitName, pick } of scenarios) {
    for (const side of ['service', 'limit'] as const) {
      const loads = size.runs.flatMap(run => pick(run)?.[side] ?? [])
      if (loads.length < 2) continue
      rows.push([side === 'service' ? title : '', side === 'service' ? 'service' : limitName, loads.map(l => int(l.rps)).join(' / '), pct(spread(loads.map(l => l.rps))),
        loads.map(l => ms(l.p50)).join(' / '), pct(spread(loads.map(l => l.p50))), pct(spread(loads.map(l => l.p99)))])
    }
  }
  const ingests = size.runs.map(run => run.ingest).filter((i): i is IngestResult => i !== undefined)
  if (ingests.length > 1) {
    for (const side of ['service', 'limit'] as const) {
      const rates = ingests.map(i => i[side].docsPerSecond)
      rows.push([side === 'service' ? TITLES.d : '', side === 'service' ? 'service' : LIMIT_NAMES.d, rates.map(int).join(' / '), pct(spread(rates)), '', '', ''])
    }
  }
  return table(rows)
}
