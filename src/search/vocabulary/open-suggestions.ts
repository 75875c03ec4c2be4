import type { Client } from '@elastic/elasticsearch'
import { FACETS, type FacetName } from '../../schemas/facets.ts'
import { suggestMerges } from './suggest-merges.ts'
import { readVocabulary } from './vocabulary-store.ts'

/**
 * How many merges the tenant's values suggest, per facet: the dashboard's count of what
 * /v1/admin/vocabulary/suggestions lists. A few requests for every facet at once (the vocabulary, one search,
 * `_analyze` per 8,000 characters of values); the dashboard caches the answer: once per generation, not per view.
 */
export async function openSuggestions (es: Client, index: string, tenant: string): Promise<Record<FacetName, number>> {
  const { vocabulary } = await readVocabulary(es, { read: index }, tenant)
  const found = await suggestMerges(es, index, tenant, FACETS, vocabulary.merge)
  return Object.fromEntries(FACETS.map(facet => [facet, found.get(facet)?.length ?? 0])) as Record<FacetName, number>
}
