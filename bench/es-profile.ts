/**
 * The Elasticsearch side of the uncached search (issue 17): the bench's search request sent straight to
 * Elasticsearch, one connection, N times, with parts of it removed, and the `took` and wall-clock p50 of each
 * variant. Index variants (mapping or settings) are built by loading the bench corpus into indices of their own.
 *
 *   node bench/es-profile.ts load --prefix esb --docs 100k [--variant NAME --mapping v3|vectors|sort]
 *   node bench/es-profile.ts measure --prefix esb [--variant ,NAME,…] [--repeats 50] [--profile] [--only 'as sent|…']
 *   node bench/es-profile.ts drop --prefix esb [--variant NAME]
 *
 * An index of variant NAME is `<prefix>-NAME-analyses` (none: `<prefix>-analyses`, the service's own mapping).
 * Needs the local Elasticsearch (`npm run services`); the corpus is the bench's (bench/corpus.ts, tenant bench).
 */
import { parseArgs } from 'node:util'
import type { Client, estypes } from '@elastic/elasticsearch'
import { createEsClient } from '../src/clients/elasticsearch.ts'
import { loadConfig } from '../src/config/load-config.ts'
import { indexNames, type IndexNames } from '../src/search/index/index-names.ts'
import { analysesIndexBody } from '../src/search/index/mappings.ts'
import { SORT_CLAUSES } from '../src/search/query/build-search-request.ts'
import { chooseTextAnalysis } from '../src/search/index/text-analysis.ts'
import { dropIndices } from '../test/helpers/indices.ts'
import { loadCorpus, settle } from './corpus.ts'
import { BENCH_TENANT, directSearchRequest } from './search-query.ts'

type Body = estypes.SearchRequest

/** Parts of the service's request, removed one by one: what each costs. */
const REQUEST_VARIANTS: Record<string, (body: Body) => Body> = {
  'as sent': body => body,
  'before: + known (global)': body => ({ ...body, aggs: { ...body.aggs, known: KNOWN_BEFORE } }),
  'sort=newest': body => ({ ...body, sort: SORT_CLAUSES.newest }),
  'track_total_hits: false': body => ({ ...body, track_total_hits: false }),
  'no analysis_text highlight': body => ({ ...body, highlight: { ...body.highlight!, fields: { caption: (body.highlight!.fields as Record<string, estypes.SearchHighlightField>).caption! } } }),
  'no highlight': ({ highlight, ...body }) => body,
  'no highlight, no suggest': ({ highlight, suggest, ...body }) => body,
  'query + aggs': ({ highlight, suggest, post_filter: postFilter, ...body }) => body,
  'query alone': ({ highlight, suggest, aggs, ...body }) => body
}

/**
 * What the first page carried for did_you_mean until mapping version 4 (docs/search.md): a global aggregation under
 * the tenant filter, for the bench search's one selected open facet value (mood=calm).
 */
const KNOWN_BEFORE: estypes.AggregationsAggregationContainer = {
  global: {},
  aggs: { tenant: { filter: { term: { tenant: BENCH_TENANT } }, aggs: { mood: { terms: { field: 'facets.mood', include: ['calm'], size: 1 } } } } }
}

function percentile (values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

interface Timing { took: number[], wall: number[], total: number }

/**
 * Every variant of every index once per round, rounds repeated: a busy machine slows all of them alike instead of
 * whichever block of repeats it happened to overlap.
 */
async function measure (es: Client, indices: IndexNames[], repeats: number, only: string[], profile: boolean): Promise<void> {
  const cases: Array<{ label: string, body: Body, timing: Timing }> = []
  for (const names of indices) {
    const stats = await es.indices.stats({ index: names.read, metric: ['store', 'docs', 'segments'] })
    const all = stats._all.primaries!
    process.stdout.write(`index ${names.read}: ${all.docs!.count.toLocaleString('en')} Lucene docs, ${(all.store!.size_in_bytes / 2 ** 20).toFixed(0)} MiB, ${all.segments!.count} segments\n`)
    const base = directSearchRequest(names.read, BENCH_TENANT)
    for (const [name, variant] of Object.entries(REQUEST_VARIANTS)) {
      if (only.length > 0 && !only.includes(name)) continue
      cases.push({ label: `${names.prefix} ${name}`, body: { ...variant(base), request_cache: false }, timing: { took: [], wall: [], total: 0 } })
    }
  }
  for (const c of cases) for (let i = 0; i < 3; i++) await es.search(c.body) // warm-up: caches and JIT
  for (let round = 0; round < repeats; round++) {
    for (const { body, timing } of cases) {
      const started = performance.now()
      const answer = await es.search(body)
      timing.wall.push(performance.now() - started)
      timing.took.push(answer.took)
      timing.total = typeof answer.hits.total === 'number' ? answer.hits.total : answer.hits.total?.value ?? -1
    }
  }
  for (const { label, timing } of cases) {
    process.stdout.write(`${label.padEnd(40)} took p50 ${String(percentile(timing.took, 0.5)).padStart(4)} ms, p10 ${String(percentile(timing.took, 0.1)).padStart(3)}, min ${String(Math.min(...timing.took)).padStart(3)}  wall p50 ${percentile(timing.wall, 0.5).toFixed(1).padStart(6)} ms  total ${timing.total}\n`)
  }
  if (profile) {
    // Profiled phases, the minimum over the rounds of each: what a phase costs when nothing else ran meanwhile.
    const phases = cases.map(() => new Map<string, number>())
    for (let round = 0; round < Math.min(repeats, 20); round++) {
      for (const [i, c] of cases.entries()) {
        const answer = await es.search({ ...c.body, profile: true })
        for (const [phase, ms] of Object.entries(phaseTimes(answer.profile!))) phases[i]!.set(phase, Math.min(phases[i]!.get(phase) ?? Infinity, ms))
      }
    }
    for (const [i, c] of cases.entries()) {
      process.stdout.write(`${c.label}: ${[...phases[i]!].map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`).join(', ')}\n`)
    }
  }
}

/** Milliseconds of the query (with collectors), of each top-level aggregation, and of the fetch phases. */
function phaseTimes (profile: estypes.SearchProfile): Record<string, number> {
  const shard = profile.shards[0]!
  const ms = (ns: number) => ns / 1e6
  const out: Record<string, number> = {}
  out.query = ms(shard.searches.reduce((sum, s) => sum + s.query.reduce((t, q) => t + q.time_in_nanos, 0) + s.collector.reduce((t, c) => t + c.time_in_nanos, 0), 0))
  for (const agg of shard.aggregations) out[`agg ${agg.description}`] = ms(agg.time_in_nanos)
  const fetch = shard.fetch as unknown as { time_in_nanos: number, children?: Array<{ type: string, time_in_nanos: number }> } | undefined
  if (fetch !== undefined) {
    out.fetch = ms(fetch.time_in_nanos)
    for (const child of fetch.children ?? []) if (child.type === 'HighlightPhase') out.highlight = ms(child.time_in_nanos)
  }
  return out
}

function parseSize (text: string): number {
  const match = /^(\d+)(k|m)?$/i.exec(text)
  if (match === null) throw new Error(`not a size: ${text}`)
  return Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2]?.toLowerCase() as 'k' | 'm'] ?? 1)
}

const HIGHLIGHTED = ['caption', 'analysis_text'] as const

/** Index variants to compare with the service's index (`--mapping a,b`): changes of its body. */
const INDEX_VARIANTS: Record<string, (body: estypes.IndicesCreateRequest) => void> = {
  /** The mapping of version 3: no offsets in the postings, facet ordinals built by the first search after a refresh. */
  v3: body => {
    for (const field of HIGHLIGHTED) delete (body.mappings!.properties![field] as estypes.MappingTextProperty).index_options
    const facets = (body.mappings!.properties!.facets as estypes.MappingObjectProperty).properties!
    for (const field of Object.values(facets)) delete (field as estypes.MappingKeywordProperty).eager_global_ordinals
  },
  /** Term vectors for the highlighter instead of offsets in the postings. */
  vectors: body => {
    for (const field of HIGHLIGHTED) {
      const text = body.mappings!.properties![field] as estypes.MappingTextProperty
      delete text.index_options
      text.term_vector = 'with_positions_offsets'
    }
  },
  /** Index sorting by the `newest` order. */
  sort: body => { Object.assign(body.settings!, { 'index.sort.field': ['indexed_at', 'id'], 'index.sort.order': ['desc', 'asc'] }) }
}

async function load (es: Client, names: IndexNames, docs: number, changes: string[]): Promise<void> {
  if (!await es.indices.exists({ index: names.read })) {
    const body = analysesIndexBody(await chooseTextAnalysis(es), { shards: 1 })
    for (const change of changes) INDEX_VARIANTS[change]!(body)
    // A scratch index: no fsync per bulk request while loading (the bench measures searches, not durability).
    Object.assign(body.settings!, { 'index.translog.durability': 'async' })
    await es.indices.create({ ...body, index: names.version(1), aliases: { [names.read]: {}, [names.write]: { is_write_index: true } } })
  }
  const report = await loadCorpus(es, names, BENCH_TENANT, docs, line => process.stderr.write(`${line}\n`))
  await es.indices.refresh({ index: names.read })
  await settle(es, names.read, 600_000)
  process.stdout.write(`${names.read}: ${report.docs} docs (${report.loaded} loaded in ${report.seconds.toFixed(0)} s)\n`)
}

async function main (): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { prefix: { type: 'string', default: 'esb' }, variant: { type: 'string' }, docs: { type: 'string', default: '100k' }, repeats: { type: 'string', default: '50' }, profile: { type: 'boolean', default: false }, mapping: { type: 'string', default: '' }, only: { type: 'string', default: '' } }
  })
  const config = loadConfig({ ...process.env, JWT_SECRET: 'x'.repeat(32), ES_REQUEST_TIMEOUT_MS: '120000' })
  const es = createEsClient(config.elasticsearch)
  const indices = (values.variant ?? '').split(',').map(v => indexNames(v === '' ? values.prefix : `${values.prefix}-${v}`))
  const names = indices[0]!
  try {
    if (positionals[0] === 'load') await load(es, names, parseSize(values.docs), values.mapping.split(',').filter(Boolean))
    else if (positionals[0] === 'measure') await measure(es, indices, Number(values.repeats), values.only.split('|').filter(Boolean), values.profile)
    else if (positionals[0] === 'drop') await dropIndices(es, names)
    else throw new Error('usage: node bench/es-profile.ts load|measure|drop [--prefix P] [--variant V] [--docs N]')
  } finally {
    await es.close()
  }
}

await main()
