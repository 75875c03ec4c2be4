import type { estypes } from '@elastic/elasticsearch'
import type { FacetName } from '../../schemas/facets.ts'

// Apart from query-vocabulary.ts, which reads the query modules: the filters and the canonical query import this
// one, so the vocabulary and the query do not import each other.

type Query = estypes.QueryDslQueryContainer

/**
 * While a re-derivation runs: documents derived with older merges (`vocabulary_version` below `before`) are
 * matched by these stored values instead, per facet, so a filter loses none of them mid-job (filters.ts).
 */
export interface Rollout {
  before: number
  old: Partial<Record<FacetName, string[]>>
}

/** A facet's filter: its values, or during a rollout also the older stored values on documents not re-derived yet. */
export function rolloutFacetFilter (field: string, facet: FacetName, values: string[], rollout: Rollout | undefined): Query {
  const current: Query = { terms: { [field]: values } }
  const old = rollout?.old[facet]
  if (old === undefined) return current
  const notRederived: Query = { bool: { must_not: [{ range: { vocabulary_version: { gte: rollout!.before } } }] } }
  return { bool: { should: [current, { bool: { filter: [{ terms: { [field]: old } }, notRederived] } }], minimum_should_match: 1 } }
}
