import type { CpuUsage } from './cpu-meter.ts'
import type { IngestResult } from './ingest.ts'
import type { LoadResult } from './load.ts'
import type { ReadResult } from './read-scenarios.ts'
import { spread } from './stats.ts'
import { ingestRatio, readRatios, type SizeResult, type Verdict } from './targets.ts'

const TITLES = { a: 'a cached dashboard', b: 'b hot cached search', c: 'c uncached search', d: 'd bulk ingestion' }
const LIMIT_NAMES = { a: 'bare Redis GET', b: 'bare Redis GET', c: 'direct ES search', d: 'ES bulk helper' }

const int = (n: number | null) => n === null ? '–' : Math.round(n).toLocaleString('en')
const ms = (n: number | null) => n === null ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)
const x = (n: number | null) => n === null ? '–' : `${n.toFixed(2)}×`
const pct = (n: number) => `${(n * 100).toFixed(1)} %`
const mib = (kib: number | null) => kib === null ? '–' : `${(kib / 1024).toFixed(1)} MiB`

/** Left-aligned text columns, right-aligned numbers, two spaces between. */
function table (rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map(row => (row[i] ?? '').length)))
  const numeric = (cell: string) => /^[\d,.–×%-]+( ?(×|%|ms|MiB))?$/.test(cell)
  return rows.map(row => row.map((cell, i) => numeric(cell) && i > 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')
}

function verdictText (verdicts: Verdict[]): string {
  return verdicts.map(v => `${v.target.replace(/^[a-d]: /, '')} ${v.met === null ? 'n/a' : v.met ? 'met' : 'MISSED'}`).join('; ')
}

/** Cores used by the side's own process, by Elasticsearch, and by everything outside the benchmark. */
const cpuCells = (cpu: CpuUsage, own: string) => [cores(cpu.processes[own]), cores(cpu.processes.elasticsearch), cores(cpu.other)]
const repeated = (load: { attempts?: number }) => (load.attempts ?? 1) > 1 ? ` (best of ${load.attempts}: machine busy)` : ''
const cores = (n: number | undefined) => n === undefined ? '–' : n.toFixed(2)

function readRows (result: ReadResult, verdicts: Verdict[]): string[][] {
  const r = readRatios(result)
  const side = (load: LoadResult) => [int(load.rps), ms(load.p50), ms(load.p99)]
  const failures = result.service.failures + result.limit.failures
  return [
    [TITLES[result.id], 'service', ...side(result.service), x(r.rps), x(r.p50), x(r.p99), ...cpuCells(result.service.cpu, 'service'), verdictText(verdicts) + (failures > 0 ? `; ${failures} FAILED REQUESTS` : '') + repeated(result.service)],
    ['', LIMIT_NAMES[result.id], ...side(result.limit), '', '', '', ...cpuCells(result.limit.cpu, 'limit'), repeated(result.limit).trim()]
  ]
}

function ingestRows (result: IngestResult, verdicts: Verdict[]): string[][] {
  return [
    [TITLES.d, 'service', `${int(result.service.docsPerSecond)} docs/s`, ms(result.service.p50), ms(result.service.p99), x(ingestRatio(result)), '', '', ...cpuCells(result.service.cpu, 'service'), verdictText(verdicts)],
    ['', LIMIT_NAMES.d, `${int(result.limit.docsPerSecond)} docs/s`, '–', '–', '', '', '', ...cpuCells(result.limit.cpu, 'load generator'), '']
  ]
}

/** The tables printed at the end of a bench: per size and run, the spread of runs, the growth curve. */
export function formatReport (sizes: SizeResult[], verdicts: Verdict[]): string {
  const out: string[] = []
  for (const size of sizes) {
    const load = size.load.loaded > 0 ? `, loaded ${int(size.load.loaded)} in ${size.load.seconds.toFixed(0)} s (${int(size.load.docsPerSecond)} docs/s)` : ''
    for (const run of size.runs) {
      const mine = (id: string) => verdicts.filter(v => v.run === run.run && (v.docs === size.docs || v.docs === null) && v.target.startsWith(`${id}:`))
      const rows = [['scenario', 'side', 'req/s', 'p50 ms', 'p99 ms', 'req/s ratio', 'p50 ratio', 'p99 ratio', 'CPU own', 'CPU ES', 'CPU other', 'targets (service / limit)']]
      for (const id of ['a', 'b', 'c'] as const) if (run.read[id] !== undefined) rows.push(...readRows(run.read[id], mine(id)))
      if (run.ingest !== undefined) rows.push(...ingestRows(run.ingest, mine('d')))
      out.push(`\n== ${int(size.docs)} documents${load} — run ${run.run} of ${size.runs.length} ==`, table(rows))
      const hit = verdicts.find(v => v.run === run.run && v.docs === size.docs && v.target.startsWith('hit'))
      if (hit !== undefined) out.push(`hit vs miss: p50 of c (service) / p50 of b (service) = ${x(hit.value)} (target ≥ 5×: ${hit.met === true ? 'met' : 'MISSED'})`)
      if (run.typing !== undefined) {
        const { typing, plain } = run.typing
        const t = verdicts.find(v => v.run === run.run && v.docs === size.docs && v.target.startsWith('t:'))
        out.push(`t typing vs plain (uncached, side by side): p50 ${ms(typing.p50)} / ${ms(plain.p50)} ms = ${x(t?.value ?? null)}, p99 ${ms(typing.p99)} / ${ms(plain.p99)} ms, ` +
          `${int(typing.rps)} / ${int(plain.rps)} req/s, ${int(typing.total)} / ${int(plain.total)} hits (target p50 ≤ ${t?.bound ?? '–'}×: ${t?.met === true ? 'met' : 'MISSED'})` +
          (typing.failures + plain.failures > 0 ? '; FAILED REQUESTS' : ''))
      }
      if (run.relevance !== undefined) {
        const { average, byKind, pairs } = run.relevance
        const r = verdicts.find(v => v.run === run.run && v.target.startsWith('r:'))
        out.push(`r relevance (${pairs.length} query pairs, demo corpus of ${run.relevance.docs}): average top-10 overlap ${average.toFixed(3)} ` +
          `(typo ${byKind.typo.toFixed(2)}, prefix ${byKind.prefix.toFixed(2)}, wording ${byKind.wording.toFixed(2)}; target ≥ ${r?.bound ?? '–'}: ${r?.met === true ? 'met' : 'MISSED'})`)
      }
      if (run.metrics !== undefined) {
        const { off, on, rpsRatio, p99Ratio } = run.metrics
        out.push(`metrics cost (scenario b, metrics on / off, tracing off): ${int(on.rps)} / ${int(off.rps)} req/s = ${x(rpsRatio)}, p99 ${ms(on.p99)} / ${ms(off.p99)} ms = ${x(p99Ratio)} (target: req/s ratio ≥ 0.95×: ${rpsRatio === null ? 'n/a' : rpsRatio >= 0.95 ? 'met' : 'MISSED'})`)
      }
      out.push(`service RSS after the searches: ${mib(run.rssKiB)}; CPU in cores (own = the side's process: service, limit server, or for the helper the load generator)`)
    }
    if (size.runs.length > 1) out.push(`\nspread of ${size.runs.length} runs at ${int(size.docs)} documents ((max − min) / mean)`, spreadTable(size))
  }
  const growth = sizes.filter(size => size.runs.some(run => run.read.c !== undefined))
  if (growth.length > 0) {
    const rows = [['documents', 'index', 'search p50 ms', 'search p99 ms', 'direct p50 ms', 'p50 ratio', 'hit p50 ms', 'service RSS']]
    for (const size of growth) {
      const run = size.runs.at(-1)!
      const c = run.read.c
      const index = size.index === undefined ? '–' : `${size.index.storeMiB} MiB, ${size.index.segments} segments`
      rows.push([int(size.docs), index, ms(c?.service.p50 ?? null), ms(c?.service.p99 ?? null), ms(c?.limit.p50 ?? null), c === undefined ? '–' : x(readRatios(c).p50), ms(run.read.b?.service.p50 ?? null), mib(run.rssKiB)])
    }
    out.push('\ngrowth (last run at each size; uncached search c, hot search b)', table(rows))
  }
  const rss = verdicts.find(v => v.target.startsWith('RSS'))
  if (rss !== undefined) out.push(`${rss.target}: ${x(rss.value)} (target ≤ ${rss.bound}×: ${rss.met === true ? 'met' : 'MISSED'})`)
  return out.join('\n')
}

function spreadTable (size: SizeResult): string {
  const rows = [['scenario', 'side', 'req/s per run', 'req/s spread', 'p50 ms per run', 'p50 spread', 'p99 spread']]
  for (const id of ['a', 'b', 'c'] as const) {
    for (const side of ['service', 'limit'] as const) {
      const loads: LoadResult[] = size.runs.flatMap(run => run.read[id]?.[side] ?? [])
      if (loads.length < 2) continue
      rows.push([side === 'service' ? TITLES[id] : '', side === 'service' ? 'service' : LIMIT_NAMES[id], loads.map(l => int(l.rps)).join(' / '), pct(spread(loads.map(l => l.rps))),
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
