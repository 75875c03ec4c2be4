import { test } from 'tap'
import { summarize } from '../../bench/cpu-profile.ts'
import type { LoadResult } from '../../bench/load.ts'
import { count, parseOptions } from '../../bench/options.ts'
import type { ReadResult } from '../../bench/read-scenarios.ts'
import { formatReport } from '../../bench/report.ts'
import { percentile, spread } from '../../bench/stats.ts'
import { evaluate, type SizeResult } from '../../bench/targets.ts'

const cpu = { processes: { service: 1, limit: 0.5, elasticsearch: 0.1 }, other: 0, irq: 0, total: 1.6 }
const side = (rps: number, p50: number, p99: number): LoadResult => ({ requests: rps * 10, rps, p50, p90: p99, p99, max: p99, failures: 0, seconds: 10, cpu })
const read = (id: 'a' | 'b' | 'c', service: LoadResult, limit: LoadResult): ReadResult => ({ id, service: { ...service, cache: { hits: 1, misses: 0, errors: 0 }, attempts: 1 }, limit: { ...limit, attempts: 2 } })
const ingestSide = (docsPerSecond: number) => ({ docs: 1000, seconds: 1000 / docsPerSecond, docsPerSecond, p50: null, p99: null, cpu })

function size (docs: number, rssKiB: number): SizeResult {
  return {
    docs,
    load: { docs, loaded: docs, seconds: 1, docsPerSecond: docs },
    runs: [{
      run: 1,
      read: { a: read('a', side(900, 1, 3), side(1000, 0.5, 2)), b: read('b', side(700, 1, 5), side(1000, 0.5, 2)), c: read('c', side(100, 11, 30), side(110, 10, 25)) },
      ingest: { service: ingestSide(800), limit: ingestSide(1000), batch: 1000, concurrency: 2 },
      rssKiB
    }]
  }
}

test('targets: met and missed, computed from the ratios', async t => {
  const verdicts = evaluate([size(10_000, 100_000), size(1_000_000, 130_000)])
  const at = (target: string, docs = 10_000) => verdicts.find(v => v.target.startsWith(target) && (v.docs === docs || v.docs === null))!
  t.match(at('a: req/s'), { value: 0.9, met: true })
  t.match(at('a: p99'), { value: 1.5, met: true })
  t.match(at('b: req/s'), { value: 0.7, met: false })
  t.match(at('b: p99'), { value: 2.5, met: false })
  t.match(at('c: p50'), { value: 1.1, met: true })
  t.match(at('d: docs/s'), { value: 0.8, met: false })
  t.match(at('hit '), { value: 11, met: true })
  t.match(at('RSS'), { value: 1.3, met: false })
  t.equal(verdicts.filter(v => v.target.startsWith('d:')).length, 2, 'd wherever it ran')

  const text = formatReport([size(10_000, 100_000)], evaluate([size(10_000, 100_000)]))
  t.match(text, /a cached dashboard +service +900/)
  t.match(text, /req\/s ≥ 0\.8× limit met; p99 ≤ 2× limit met/)
  t.match(text, /docs\/s ≥ 0\.85× helper MISSED/)
  t.match(text, /bare Redis GET .*best of 2: machine busy/, 'repeated measurements are said')
  t.notMatch(text, /RSS flat/, 'one size: no RSS verdict')
})

test('options: defaults, quick mode, sizes', async t => {
  t.match(parseOptions([]), { quick: false, sizes: [10_000], runs: 2, connections: 8, duration: 15, batch: 1000, only: ['a', 'b', 'c', 'd'], prefix: 'bench' })
  t.match(parseOptions(['--quick']), { quick: true, sizes: [300], runs: 1, duration: 1, quietWait: 0, prefix: /^bench-q-[0-9a-f]{6}$/ })
  t.match(parseOptions(['--docs', '1m,10k,100k', '--only', 'c']), { sizes: [10_000, 100_000, 1_000_000], only: ['c'] })
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
