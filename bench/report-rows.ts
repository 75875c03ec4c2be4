import { microsPer, type CpuUsage } from './cpu-meter.ts'
import type { IngestResult } from './ingest.ts'
import type { LoadResult } from './load.ts'
import { PAIR_PROCESSES, type PairResult, type PairSide } from './pair-scenario.ts'
import type { ReadResult } from './read-scenarios.ts'
import { ratio } from './stats.ts'
import { ingestRatio, readRatios, type Verdict } from './targets.ts'

export const TITLES = {
  a: 'a cached dashboard',
  b: 'b hot cached search',
  c: 'c uncached search',
  d: 'd bulk ingestion',
  lb: 'l b hot search, 1 conn',
  lc: 'l c uncached, 1 conn',
  pb: 'p b hot search, 2 inst',
  pc: 'p c uncached, 2 inst'
}
export const LIMIT_NAMES = { a: 'bare Redis GET', b: 'bare Redis GET', c: 'direct ES search', d: 'ES bulk helper' }

export const HEADER = ['scenario', 'side', 'req/s', 'p50 ms', 'p99 ms', 'req/s ratio', 'p50 ratio', 'p99 ratio', 'CPU own', 'CPU/req', 'CPU ES', 'CPU other', 'targets (service / limit)']

export const int = (n: number | null) => n === null ? '–' : Math.round(n).toLocaleString('en')
export const ms = (n: number | null) => n === null ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)
export const x = (n: number | null) => n === null ? '–' : `${n.toFixed(2)}×`
export const pct = (n: number) => `${(n * 100).toFixed(1)} %`
export const mib = (kib: number | null) => kib === null ? '–' : `${(kib / 1024).toFixed(1)} MiB`
const us = (n: number | null) => n === null ? '–' : `${n < 10 ? n.toFixed(1) : int(n)} µs`

/** Left-aligned text columns, right-aligned numbers, two spaces between. */
export function table (rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map(row => (row[i] ?? '').length)))
  const numeric = (cell: string) => /^[\d,.–×%-]+( ?(×|%|ms|MiB|µs(\/doc)?))?$/.test(cell)
  return rows.map(row => row.map((cell, i) => numeric(cell) && i > 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')
}

export const met = (v: Verdict | undefined) => v?.met === true ? 'met' : v?.met === false ? 'MISSED' : 'n/a'

function verdictText (verdicts: Verdict[]): string {
  return verdicts.map(v => `${v.target.replace(/^[a-z]( [a-z])?: /, '')} ${met(v)}`).join('; ')
}

/**
 * Cores used by the side's own processes, their CPU per answer (or per document), by Elasticsearch, and by
 * everything outside the benchmark.
 */
function cpuCells (cpu: CpuUsage, own: readonly string[], perSecond: number, unit = ''): string[] {
  const used = own.every(name => cpu.processes[name] !== undefined) ? own.reduce((sum, name) => sum + cpu.processes[name]!, 0) : undefined
  const per = microsPer(cpu, own, perSecond)
  return [cores(used), per === null ? '–' : `${us(per)}${unit}`, cores(cpu.processes.elasticsearch), cores(cpu.other)]
}
const repeated = (load: { attempts?: number }) => (load.attempts ?? 1) > 1 ? ` (best of ${load.attempts}: machine busy)` : ''
const cores = (n: number | undefined) => n === undefined ? '–' : n.toFixed(2)
const side = (load: LoadResult) => [int(load.rps), ms(load.p50), ms(load.p99)]
const failed = (n: number) => n > 0 ? `; ${n} FAILED REQUESTS` : ''

/** A read scenario's two rows: the service (ratios, targets) and its limit. */
export function readRows (title: string, result: ReadResult, verdicts: Verdict[]): string[][] {
  const r = readRatios(result)
  return [
    [title, 'service', ...side(result.service), x(r.rps), x(r.p50), x(r.p99), ...cpuCells(result.service.cpu, ['service'], result.service.rps),
      verdictText(verdicts) + failed(result.service.failures + result.limit.failures) + repeated(result.service)],
    ['', LIMIT_NAMES[result.id], ...side(result.limit), '', '', '', ...cpuCells(result.limit.cpu, ['limit'], result.limit.rps), repeated(result.limit).trim()]
  ]
}

export function ingestRows (result: IngestResult, verdicts: Verdict[]): string[][] {
  return [
    [TITLES.d, 'service', `${int(result.service.docsPerSecond)} docs/s`, ms(result.service.p50), ms(result.service.p99), x(ingestRatio(result)), '', '',
      ...cpuCells(result.service.cpu, ['service'], result.service.docsPerSecond, '/doc'), verdictText(verdicts)],
    ['', LIMIT_NAMES.d, `${int(result.limit.docsPerSecond)} docs/s`, '–', '–', '', '', '', ...cpuCells(result.limit.cpu, ['load generator'], result.limit.docsPerSecond, '/doc'), '']
  ]
}

/** Scenario p: each side combined (with the ratios of the combined figures), then each of its two processes. */
export function pairRows (result: PairResult): string[][] {
  const sideRows = (name: string, load: PairSide, processes: readonly string[], ratios: string[]) => [
    [name, ...side(load.combined), ...ratios, ...cpuCells(load.cpu, processes, load.combined.rps)],
    ...load.each.map((instance, i) => [`  ${processes[i]}`, ...side(instance), '', '', '', ...cpuCells(load.cpu, [processes[i]!], instance.rps)])
  ]
  const ratios = (['rps', 'p50', 'p99'] as const).map(key => x(ratio(result.service.combined[key], result.limit.combined[key])))
  const rows = [
    ...sideRows(`2 services, ${result.connections} conn each`, result.service, PAIR_PROCESSES.service, ratios),
    ...sideRows(`2 × ${LIMIT_NAMES[result.id]}`, result.limit, PAIR_PROCESSES.limit, ['', '', ''])
  ]
  rows[0]!.push((failed(result.service.combined.failures + result.limit.combined.failures) + repeated(result.service)).replace(/^; /, ''))
  rows[3]!.push(repeated(result.limit).trim())
  return rows.map((row, i) => [i === 0 ? TITLES[`p${result.id}`] : '', ...row])
}
