/**
 * The relevance check (issue 12): for fixed pairs of queries — misspelled vs correct, prefix vs whole word, document
 * wording vs canonical filter — the overlap of their top-10 hits on the demo corpus, averaged. A correctness
 * measurement, not a speed one: it needs no service process and runs in seconds. Reported, never asserted
 * (bench/README.md gives the last figure).
 */
import type { Client } from '@elastic/elasticsearch'
import type { SearchInput } from '../src/schemas/search.ts'
import { demoCorpus } from '../src/demo/corpus.ts'
import { bulkIngest } from '../src/search/analyses/bulk-ingest.ts'
import { ensureIndex } from '../src/search/index/ensure-index.ts'
import { indexNames } from '../src/search/index/index-names.ts'
import { canonicalQuery, searchParams } from '../src/search/query/canonical-query.ts'
import { searchAnalyses } from '../src/search/query/search-analyses.ts'
import { dropIndices } from '../test/helpers/indices.ts'
import { TEXT_PAIRS, type TextPair } from './relevance-pairs-text.ts'
import { WORDING_PAIRS, type WordingPair } from './relevance-pairs-wording.ts'

type RelevancePair = TextPair | WordingPair

export const RELEVANCE_PAIRS: RelevancePair[] = [...TEXT_PAIRS, ...WORDING_PAIRS]
/** The demo corpus of `npm run demo`. */
const DOCS = 500
const TOP = 10
const TENANT = 'relevance'
export const RELEVANCE_TARGET = 0.8

interface PairOverlap {
  kind: RelevancePair['kind']
  query: RelevancePair['query']
  reference: RelevancePair['reference']
  /** Hits of each in the top 10, and how many they share. */
  hits: number
  referenceHits: number
  shared: number
  /** shared / max(hits, referenceHits); 0 when neither has a hit (a pair must find something). */
  overlap: number
}

export interface RelevanceResult {
  docs: number
  pairs: PairOverlap[]
  average: number
  byKind: Record<RelevancePair['kind'], number>
}

/** Loads the demo corpus into an index of its own (`<prefix>-relevance`), measures every pair, drops the index. */
export async function relevanceCheck (es: Client, prefix: string, log: (line: string) => void = () => {}): Promise<RelevanceResult> {
  const names = indexNames(`${prefix}-relevance`)
  await ensureIndex(es, names, { shards: 1 })
  try {
    const corpus = [...demoCorpus({ count: DOCS })]
    await bulkIngest(es, names, TENANT, corpus.map(doc => ({ id: doc.id, input: doc })), 'wait_for')
    const target = { es, index: names.read, tenant: TENANT, cursorSecret: 'relevance-check-secret-of-32-characters' }
    const top = async (params: Record<string, string | string[]>) => {
      const input = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, name === 'q' || Array.isArray(value) ? value : [value]]))
      const page = await searchAnalyses(target, canonicalQuery({ ...searchParams(input as Partial<SearchInput>), size: TOP, fields: [''], facets: [''] }))
      return page.hits.map(hit => hit.id)
    }
    const pairs: PairOverlap[] = []
    for (const pair of RELEVANCE_PAIRS) {
      const [hits, reference] = [await top(pair.query), await top(pair.reference)]
      const shared = hits.filter(id => reference.includes(id)).length
      const most = Math.max(hits.length, reference.length)
      pairs.push({ kind: pair.kind, query: pair.query, reference: pair.reference, hits: hits.length, referenceHits: reference.length, shared, overlap: most === 0 ? 0 : shared / most })
    }
    const mean = (list: PairOverlap[]) => list.length === 0 ? 0 : list.reduce((sum, p) => sum + p.overlap, 0) / list.length
    const result = { docs: DOCS, pairs, average: mean(pairs), byKind: { typo: mean(pairs.filter(p => p.kind === 'typo')), prefix: mean(pairs.filter(p => p.kind === 'prefix')), wording: mean(pairs.filter(p => p.kind === 'wording')) } }
    log(`  relevance: ${pairs.length} pairs, average top-${TOP} overlap ${result.average.toFixed(3)}`)
    return result
  } finally {
    await dropIndices(es, names)
  }
}
