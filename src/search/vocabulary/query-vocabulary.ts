import type { FacetName } from '../../schemas/facets.ts'
import type { CanonicalQuery } from '../query/canonical-query.ts'
import type { ValueSearch } from '../query/facet-values.ts'
import { mergedValue } from './apply-merges.ts'
import { synonymExpansions } from './expand-synonyms.ts'
import { rollingOut, type Merges, type StoredVocabulary } from './vocabulary-types.ts'
import type { Rollout } from './rollout-filter.ts'

/**
 * The query as the tenant's vocabulary reads it: filter values merged (`environment=exterior` selects, and the
 * answer flags, `outdoor`), the rollout's older stored values, and the synonyms of the query's words (text-query.ts).
 */
export function applyVocabulary (query: CanonicalQuery, vocabulary: StoredVocabulary): CanonicalQuery {
  const filters: CanonicalQuery['filters'] = {}
  for (const [facet, values] of Object.entries(query.filters) as Array<[FacetName, string[]]>) {
    filters[facet] = [...new Set(values.map(value => mergedValue(vocabulary.merge[facet], value)))].sort()
  }
  const synonyms = synonymExpansions(query.text, vocabulary.synonyms)
  const rollout = rollingOut(vocabulary) ? rolloutOf(filters, vocabulary) : null
  return {
    ...query,
    filters,
    ...(synonyms !== null ? { text: { ...query.text, synonyms } } : {}),
    ...(rollout !== null ? { rollout } : {})
  }
}

/**
 * A document derived with older merges P carries P(o) for its original value o; it belongs to a selection of
 * target t when the current merges N give N(o) = t, i.e. o ∈ N⁻¹(t) = {t} ∪ {sources of t}. So it is matched by
 * P(N⁻¹(t)), over every P still in flight. (A source value the new merges free is matched by its old target too,
 * which may select more documents than the final answer for the time of the job: never fewer.)
 */
function rolloutOf (filters: CanonicalQuery['filters'], vocabulary: StoredVocabulary): Rollout | null {
  const old: Rollout['old'] = {}
  for (const [facet, values] of Object.entries(filters) as Array<[FacetName, string[]]>) {
    const preimage = new Set(values)
    for (const [source, target] of Object.entries(vocabulary.merge[facet] ?? {})) if (preimage.has(target)) preimage.add(source)
    const stored = new Set<string>()
    for (const previous of vocabulary.in_flight) for (const value of preimage) stored.add(mergedValue(previous[facet], value))
    const extra = [...stored].filter(value => !values.includes(value))
    if (extra.length > 0) old[facet] = [...values, ...extra].sort()
  }
  return Object.keys(old).length > 0 ? { before: vocabulary.merges_version, old } : null
}

/**
 * Typeahead by a merged value's sources: per facet, the targets of the sources the typed text finds (the value, or
 * a word inside it, starts with the text; a space and a hyphen alike, as value-match.ts reads values), which the
 * facet's aggregation then counts by exact value (facet-values.ts).
 */
export function withMergedTargets (search: ValueSearch, merge: Merges): ValueSearch {
  if (search.text === undefined) return search
  const text = spaced(search.text)
  const matches = (source: string): boolean => {
    const value = spaced(source)
    return value.startsWith(text) || value.split(WORD_BREAK).some(word => word.startsWith(text))
  }
  const merged: Partial<Record<FacetName, string[]>> = {}
  for (const facet of search.facets) {
    const targets = new Set<string>()
    for (const [source, target] of Object.entries(merge[facet] ?? {})) if (matches(source)) targets.add(target)
    if (targets.size > 0) merged[facet] = [...targets].sort()
  }
  return Object.keys(merged).length > 0 ? { ...search, merged } : search
}

const WORD_BREAK = /[\s(["'&+.,:_/]+/

function spaced (text: string): string {
  return text.replaceAll('-', ' ')
}
