import type { Client, estypes } from '@elastic/elasticsearch'
import { CLOSED_VALUES, type FacetName } from '../../schemas/facets.ts'
import type { Suggestion } from '../../schemas/vocabulary.ts'
import { editDistance } from '../edit-distance.ts'
import { isClosedFacet } from '../facets/filter-values.ts'
import type { Merges } from './vocabulary-types.ts'

/** Values compared per facet: the most frequent ones (the long tail below them affects few documents each). */
const SUGGESTION_VALUES = 500
/** Below this length a small edit is another word ("calm", "clam"), not a misspelling. */
const EDIT_MIN_LENGTH = 5

/**
 * Edits between two values still read as one misspelling: 1, and 2 from 10 characters. Stricter than search's
 * allowedEdits (2 from 8): a merge is for good, and "interior"/"exterior" are two edits apart.
 */
function mergeEdits (length: number): number {
  return length < 10 ? 1 : 2
}

interface Value { value: string, count: number }
type Reason = Suggestion['reason']

/**
 * Candidate merges among a tenant's values of each facet, in few Elasticsearch requests whatever the number of
 * facets: one search (a terms aggregation per facet), then `_analyze` of every value with the index's own text
 * analyzer (`en_text`: english, hunspell or standard, see text-analysis.ts), one call per 8,000 characters.
 */
export async function suggestMerges (es: Client, index: string, tenant: string, facets: readonly FacetName[], merge: Merges): Promise<Map<FacetName, Suggestion[]>> {
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {}
  for (const facet of facets) aggs[facet] = { terms: { field: `facets.${facet}`, size: SUGGESTION_VALUES, shard_size: SUGGESTION_VALUES } }
  const answer = await es.search({ index, routing: tenant, size: 0, track_total_hits: false, query: { term: { tenant } }, aggs })
  const values = new Map<FacetName, Value[]>()
  for (const facet of facets) {
    const buckets = (answer.aggregations?.[facet] as { buckets?: Array<{ key: string, doc_count: number }> } | undefined)?.buckets ?? []
    values.set(facet, buckets.map(b => ({ value: String(b.key), count: b.doc_count })))
  }
  const stems = await stemsOf(es, index, [...new Set([...values.values()].flat().map(v => v.value))])
  const out = new Map<FacetName, Suggestion[]>()
  for (const facet of facets) out.set(facet, suggestionsAmong(facet, values.get(facet)!, stems, merge[facet] ?? {}))
  return out
}

/**
 * Characters of values per `_analyze` call: a token takes at least one character and a separator, so a call stays
 * well under Elasticsearch's `index.analyze.max_token_count` (10,000 by default) whatever the values.
 */
const ANALYZE_CHARS = 8000

/** The analyzer's tokens of every value, joined: `_analyze` of arrays (offsets continue across elements, one apart). */
async function stemsOf (es: Client, index: string, values: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  let batch: string[] = []
  let chars = 0
  for (const value of values) {
    if (chars + value.length > ANALYZE_CHARS && batch.length > 0) {
      await analyzeInto(es, index, batch, out)
      batch = []
      chars = 0
    }
    batch.push(value)
    chars += value.length + 1
  }
  if (batch.length > 0) await analyzeInto(es, index, batch, out)
  return out
}

async function analyzeInto (es: Client, index: string, values: string[], out: Map<string, string>): Promise<void> {
  const answer = await es.indices.analyze({ index, analyzer: 'en_text', text: values })
  const starts: number[] = []
  let offset = 0
  for (const value of values) { starts.push(offset); offset += value.length + 1 }
  const tokens = new Map<number, string[]>()
  let at = 0
  for (const token of answer.tokens ?? []) {
    while (at + 1 < starts.length && token.start_offset >= starts[at + 1]!) at++
    tokens.set(at, [...(tokens.get(at) ?? []), token.token])
  }
  values.forEach((value, i) => { out.set(value, (tokens.get(i) ?? []).join(' ')) })
}

/** The key of a value for case, hyphen, underscore and space variants ("Eye-Level", "eye level"). */
function variantKey (value: string): string {
  return value.toLowerCase().replace(/[-_\s]+/g, ' ').trim()
}

/** Each word singular, by the regular English rules (the stem covers the irregular ones the dictionary knows). */
function singularKey (value: string): string {
  return variantKey(value).split(' ').map(word => {
    if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`
    if (word.length > 3 && /(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2)
    if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1)
    return word
  }).join(' ')
}

/** The more frequent of two values first (then by value), so every suggestion points up one total order. */
function before (a: Value, b: Value): boolean {
  return a.count > b.count || (a.count === b.count && a.value < b.value)
}

/**
 * The suggestions among one facet's values (with their counts). Each source is listed once, with the strongest
 * reason found (variant, then plural, then stem, then edit); values already merged away (still on documents not
 * re-derived) are left out, and so are targets of merges as sources (that would make a chain).
 */
export function suggestionsAmong (facet: FacetName, all: readonly Value[], stems: ReadonlyMap<string, string>, merged: Record<string, string>): Suggestion[] {
  const values = all.filter(v => !Object.hasOwn(merged, v.value))
  const allowed: readonly string[] | null = isClosedFacet(facet) ? CLOSED_VALUES[facet] : null
  // A merge's target cannot become a source (that would be a chain); in a closed facet only its values are targets.
  const canSource = (v: Value) => !Object.values(merged).includes(v.value) && (allowed === null || !allowed.includes(v.value))
  const canTarget = (v: Value) => allowed === null || allowed.includes(v.value)
  const best = new Map<string, { target: Value, reason: Reason }>()
  const pair = (a: Value, b: Value, reason: Reason) => {
    const [target, source] = allowed !== null ? (canTarget(a) ? [a, b] : [b, a]) : before(a, b) ? [a, b] : [b, a]
    if (!canTarget(target) || !canSource(source)) return
    if (!best.has(source.value)) best.set(source.value, { target, reason })
  }
  const keys: Array<[Reason, (v: Value) => string]> = [
    ['variant', v => variantKey(v.value)],
    ['plural', v => singularKey(v.value)],
    ['stem', v => stems.get(v.value) ?? '']
  ]
  for (const [reason, key] of keys) {
    const groups = new Map<string, Value[]>()
    for (const v of values) {
      const k = key(v)
      if (k !== '') groups.set(k, [...(groups.get(k) ?? []), v])
    }
    for (const group of groups.values()) for (let i = 1; i < group.length; i++) for (let j = 0; j < i; j++) pair(group[i]!, group[j]!, reason)
  }
  for (let i = 0; i < values.length; i++) {
    const a = values[i]!
    if (a.value.length < EDIT_MIN_LENGTH) continue
    for (let j = 0; j < i; j++) {
      const b = values[j]!
      const shorter = Math.min(a.value.length, b.value.length)
      if (shorter < EDIT_MIN_LENGTH || Math.abs(a.value.length - b.value.length) > 2) continue
      if (editDistance(a.value, b.value) <= mergeEdits(shorter)) pair(a, b, 'edit')
    }
  }
  const out: Suggestion[] = []
  for (const [source, { target, reason }] of best) {
    // a → b with b → c suggested too: suggest a → c, the value the group ends at (targets rise in one order: no cycle).
    let final = target
    for (let next = best.get(final.value); next !== undefined; next = best.get(final.value)) final = next.target
    const count = values.find(v => v.value === source)!.count
    out.push({ source, target: final.value, source_count: count, target_count: final.count, reason })
  }
  return out.sort((x, y) => y.source_count - x.source_count || (x.source < y.source ? -1 : x.source > y.source ? 1 : 0))
}
