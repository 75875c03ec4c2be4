import { test } from 'tap'
import { summarize } from '../../bench/cpu-profile.ts'
import type { LoadResult } from '../../bench/load.ts'
import { count, parseOptions } from '../../bench/options.ts'
import type { ReadResult } from '../../bench/read-scenarios.ts'
import type { PairResult } from '../../bench/pair-scenario.ts'
import { formatReport } from '../../bench/report.ts'
import { percentile, spread } from '../../bench/stats.ts'
import { evaluate, type SizeResult } from '../../bench/targets.ts'

const cpu = { processes: { service: 1, limit: 0.5, elasticsearch: 0.1, 'service 2': 0.5, 'limit 2': 0.25 }, other: 0, irq: 0, total: 1.6 }
const side = (rps: number, p50: number, p99: number, connections = 8): LoadResult => ({ connections, requests: rps * 10, rps, p50, p90: p99, p99, max: p99, failures: 0, seconds: 10, cpu })
const read = (id: 'a' | 'b' | 'c', service: LoadResult, limit: LoadResult): ReadResult => ({ id, service: { ...service, cache: { hits: 1, misses: 0, errors: 0 }, attempts: 1 }, limit: { ...limit, attempts: 2 } })
const ingestSide = (docsPerSecond: number) => ({ docs: 1000, seconds: 1000 / docsPerSecond, docsPerSecond, p50: null, p99: null, cpu })
/** Two instances at 4 connections each: `rps` each, the combined figures as loadTogether adds them up. */
const pairSide = (rps: number, p50: number, p99: number) => ({ each: [side(rps, p50, p99, 4), side(rps, p50, p99, 4)], combined: side(2 * rps, p50, p99), cpu, attempts: 1 })
const pair = (id: 'b' | 'c', service: [number, number, number], limit: [number, number, number]): PairResult =>
  ({ id, connections: 4, service: { ...pairSide(...service), cache: [{ hits: 1, misses: 0, errors: 0 }, { hits: 1, misses: 0, errors: 0 }] }, limit: pairSide(...limit) })

function size (docs: number, rssKiB: number, runs = 1): SizeResult {
  return {
    docs,
    load: { docs, loaded: docs, seconds: 1, docsPerSecond: docs },
    runs: Array.from({ length: runs }, (_, i) => ({
      run: i + 1,
      read: { a: read('a', side(900, 1, 3), side(1000, 0.5, 2)), b: read('b', side(20_000, 1, 5), side(1000, 0.5, 2)), c: read('c', side(100, 11 + i, 30), side(110, 10, 25)) },
      single: { b: read('b', side(4000, 0.5, 1, 1), side(8000, 0.25, 0.5, 1)), c: read('c', side(20, 60, 80, 1), side(25, 50, 70, 1)) },
      pair: { b: pair('b', [3000, 1.5, 4], [10_000, 0.5, 2]), c: pair('c', [60, 12, 40], [60, 10, 30]) },
      ingest: { service: ingestSide(800), limit: ingestSide(1000), batch: 1000, concurrency: 2 },
      rssKiB
    }))
  }
}

test('targets of issue 17: met and missed, computed from the ratios and the CPU meter', async t => {
  const verdicts = evaluate([size(10_000, 100_000), size(1_000_000, 130_000)])
  const at = (target: string, docs = 10_000) => verdicts.find(v => v.target.startsWith(target) && (v.docs === docs || v.docs === null))!
  t.match(at('a: req/s'), { value: 0.9, bound: 1, met: false })
  t.match(at('a: p99'), { value: 1.5, bound: 1.5, met: true })
  t.match(at('b: req/s'), { value: 20, met: true })
  t.match(at('b: p99'), { value: 2.5, met: false })
  t.match(at('a: CPU ≤ 60 µs per hit'), { met: false })
  t.equal(Math.round(at('a: CPU').value!), 1111, 'a: 1 core at 900 req/s')
  t.match(at('b: CPU ≤ 60 µs per hit'), { value: 50, met: true })
  t.match(at('c: p50 ≤ 1.15× direct'), { value: 1.1, met: true })
  t.match(at('l c: p50 ≤ 1.15× direct'), { value: 1.2, met: false })
  t.match(at('d: docs/s'), { value: 0.8, met: false })
  t.match(at('d: CPU ≤ 30 µs per document'), { value: 1250, met: false })
  t.match(at('hit ≥ 20× faster than miss (p50 c / p50 b)'), { value: 11, met: false })
  t.match(at('hit ≥ 20× faster than miss with one connection'), { value: 120, met: true })
  t.match(at('RSS'), { value: 1.3, met: false })
  t.equal(verdicts.filter(v => v.target.startsWith('d:')).length, 4, 'd wherever it ran, rate and CPU')

  // The absolute latencies are targets at a million documents, not below.
  t.equal(verdicts.filter(v => / ms$/.test(v.target) && v.docs === 10_000).length, 0, 'none at 10k')
  t.match(at('c: p50 ≤ 120 ms', 1_000_000), { value: 11, met: true })
  t.match(at('l c: p50 ≤ 50 ms', 1_000_000), { value: 60, met: false })

  const text = formatReport([size(10_000, 100_000)], evaluate([size(10_000, 100_000)]))
  t.match(text, /a cached dashboard +service +900/)
  t.match(text, /req\/s ≥ 1× limit MISSED; p99 ≤ 1\.5× limit met; CPU ≤ 60 µs per hit MISSED/)
  t.match(text, /a cached dashboard .* 1\.00 +1,111 µs +0\.10/, 'CPU per request: 1 core at 900 req/s')
  t.match(text, /docs\/s ≥ 0\.85× helper MISSED; CPU ≤ 30 µs per document MISSED/)
  t.match(text, /d bulk ingestion .* 1,250 µs\/doc/, 'CPU per document: 1 core at 800 docs/s')
  t.match(text, /bare Redis GET .*best of 2: machine busy/, 'repeated measurements are said')
  t.match(text, /l c uncached, 1 conn +service +20 +60\.0 +80\.0 +0\.80× +1\.20× .*p50 ≤ 1\.15× direct MISSED/)
  t.notMatch(text, /p50 ≤ 50 ms/, 'no absolute target at 10k documents')
  t.match(text, /hit vs miss: .* = 11\.00× with 8 connections, 120\.00× with 1 connection \(target ≥ 20×: MISSED, met\)/)
  // Two instances: combined figures and ratios, then each process with its own CPU per request.
  t.match(text, /p b hot search, 2 inst +2 services, 4 conn each +6,000 +1\.50 +4\.00 +0\.30× +3\.00× +2\.00× +1\.50 +250 µs/)
  t.match(text, /\n +service 2 +3,000 +1\.50 +4\.00 +0\.50 +167 µs/)
  t.match(text, /\n +2 × bare Redis GET +20,000 .* 0\.75 +38 µs/)
  t.match(text, /\n +limit 2 +10,000 /)
  t.match(text, /two instances \(p\) over one \(b, c\), the same connections in all: hits 0\.30× req\/s, 0\.80× p99; misses 1\.20× req\/s, 1\.33× p99/)
  t.match(text, /documents +index +search p50 ms .* 1 conn: search p50 +direct p50 .*\n10,000 .* 60\.0 +50\.0 +1\.00 +97\.7 MiB/, 'growth: the one-connection latencies')
  t.notMatch(text, /RSS flat/, 'one size: no RSS verdict')

  const spreads = formatReport([size(10_000, 100_000, 2)], [])
  t.match(spreads, /spread of 2 runs/)
  t.match(spreads, /c uncached search +service +100 \/ 100 +0\.0 % +11\.0 \/ 12\.0 +8\.7 %/)
  t.match(spreads, /l b hot search, 1 conn +service +4,000 \/ 4,000/)
  t.match(spreads, /p c uncached, 2 inst +service +120 \/ 120 .*\n +2 × direct ES search +120 \/ 120/)
})

test('options: defaults, quick mode, sizes', async t => {
  t.match(parseOptions([]), { quick: false, sizes: [10_000], runs: 2, connections: 8, duration: 15, batch: 1000, only: ['a', 'b', 'c', 'd', 'l', 'p', 't', 'r'], prefix: 'bench' })
  t.match(parseOptions(['--quick']), { quick: true, sizes: [300], runs: 1, duration: 1, quietWait: 0, prefix: /^bench-q-[0-9a-f]{6}$/ })
  t.match(parseOptions(['--docs', '1m,10k,100k', '--only', 'c']), { sizes: [10_000, 100_000, 1_000_000], only: ['c'] })
  t.match(parseOptions(['--only', 'l,p']), { only: ['l', 'p'] })
  t.equal(parseOptions(['--help']), null)
  t.throws(() => parseOptions(['--only', 'e']))
  t.throws(() => parseOptions(['--batch', '2000']))
  t.throws(() => parseOptions(['--prefix', 'Bad_Prefix']))
  t.equal(count('--docs', '1_000', 0), 1000)
  t.throws(() => count('--docs', '0', 1))
})

test('percentiles, spread and CPU profile summaries', async t => {
  t.equal(percentile([5, 1, 3, 2, 4], 50), 3)
  t.equal(percentile([5, 1, 3, 2, 4], 99), 5)
  t.equal(percentile([], 50), null)
  t.equal(spread([90, 110]), 0.2)
  t.equal(spread([90]), 0)

  const profile = {
    startTime: 0,
    endTime: 4000,
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 4] },
      { id: 2, callFrame: { functionName: 'handler', url: 'file:///x/src/routes/v1/search.ts', lineNumber: 9 }, children: [3] },
      { id: 3, callFrame: { functionName: 'parse', url: 'file:///x/node_modules/secure-json-parse/index.js', lineNumber: 0 } },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } }
    ],
    samples: [3, 3, 2, 4, 4],
    timeDeltas: [0, 1000, 1000, 1000, 1000]
  }
  const summary = summarize(profile)
  t.equal(summary.totalMs, 4)
  t.same(summary.self.map(f => [f.name.split(' ')[0], f.ms]), [['parse', 2], ['handler', 1], ['(idle)', 1]])
  t.match(summary.inclusive.find(f => f.name.startsWith('handler')), { ms: 3 })
  t.match(summary.areas.map(a => a.name), ['secure-json-parse', /search\.ts$|src\/routes\/v1/, '(idle)'])
})
