/**
 * The hottest frames of a V8 .cpuprofile (written by `node --cpu-prof`, e.g. `npm run bench -- --profile`):
 *
 *   node bench/cpu-profile.ts <file.cpuprofile> [--top 25] [--grep regexp]
 *
 * Self time per function, total (inclusive) time per function, and self time per area (a package under
 * node_modules, a folder of src/, node internals, GC, idle).
 */
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { ROOT } from './processes.ts'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface Profile { nodes: ProfileNode[], startTime: number, endTime: number, samples?: number[], timeDeltas?: number[] }

export interface FrameTime { name: string, ms: number, share: number }

export interface ProfileSummary {
  totalMs: number
  self: FrameTime[]
  inclusive: FrameTime[]
  areas: FrameTime[]
}

/** `match` keeps only the inclusive frames whose name matches (to follow one hook or one module). */
export function summarize (profile: Profile, top = 25, match?: RegExp): ProfileSummary {
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const selfUs = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  // The time of a sample is the delta to the next one.
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0))
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0)
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const areas = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!
    add(self, frameName(node), us)
    add(areas, area(node), us)
    // Each ancestor function once, however deep the recursion.
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!)
      if (!seen.has(name)) { seen.add(name); add(inclusive, name, us) }
    }
  }
  const list = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs === 0 ? 0 : us / totalUs }))
  if (match !== undefined) for (const name of inclusive.keys()) if (!match.test(name)) inclusive.delete(name)
  return { totalMs: totalUs / 1000, self: list(self, top), inclusive: list(inclusive, top), areas: list(areas, top) }
}

function add (map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us)
}

function where (url: string): string {
  if (url === '') return ''
  const path = url.startsWith('file://') ? new URL(url).pathname : url
  return path.startsWith('/') ? relative(ROOT, path) : path
}

function frameName (node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  const file = where(url)
  return `${functionName === '' ? '(anonymous)' : functionName}${file === '' ? '' : ` ${file}:${lineNumber + 1}`}`
}

function area (node: ProfileNode): string {
  const { functionName, url } = node.callFrame
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)'
  const file = where(url)
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (pkg !== null) return pkg[1]!
  if (file.startsWith('node:')) return 'node internals'
  const dir = /^(src\/[^/]+(?:\/[^/]+)?)\//.exec(file)
  return dir?.[1] ?? file
}

export function formatSummary (summary: ProfileSummary): string {
  const rows = (title: string, frames: FrameTime[]) =>
    [`${title}`, ...frames.map(f => `  ${f.ms.toFixed(0).padStart(7)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`)].join('\n')
  return [`sampled ${(summary.totalMs / 1000).toFixed(1)} s`, rows('self time by area', summary.areas), rows('self time by function', summary.self), rows('total time by function', summary.inclusive)].join('\n')
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, grep: { type: 'string' } } })
  if (positionals.length !== 1) {
    process.stderr.write('usage: node bench/cpu-profile.ts <file.cpuprofile> [--top N] [--grep regexp]\n')
    process.exit(2)
  }
  const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile
  const match = values.grep !== undefined ? new RegExp(values.grep) : undefined
  process.stdout.write(formatSummary(summarize(profile, Number(values.top), match)) + '\n')
}
