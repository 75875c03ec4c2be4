import type { estypes } from '@elastic/elasticsearch'
import type { FacetName } from '../../schemas/facets.ts'
import type { CanonicalQuery, FacetRequest, FocalFilter } from './canonical-query.ts'
import { sourceFilter, sourceKeyOf, without } from './source-selection.ts'
import { rolloutFacetFilter, type Rollout } from '../vocabulary/rollout-filter.ts'

type Query = estypes.QueryDslQueryContainer

export function facetField (name: FacetName): string {
  return `facets.${name}`
}

/** Values of one facet OR together (and, while the tenant's merges roll out, their older stored values). */
function facetFilter (name: FacetName, values: string[], rollout?: Rollout): Query {
  return rolloutFacetFilter(facetField(name), name, values, rollout)
}

/**
 * `focal_mm=N`: the document's focal range contains N. `focal_min`/`focal_max`: the document's range
 * intersects [min, max], an absent bound being open.
 */
function focalFilters (focal: FocalFilter): Query[] {
  const out: Query[] = []
  if (focal.mm !== undefined) out.push({ range: { focal_mm: { gte: focal.mm, lte: focal.mm, relation: 'contains' } } })
  if (focal.min !== undefined || focal.max !== undefined) {
    out.push({ range: { focal_mm: { ...(focal.min !== undefined ? { gte: focal.min } : {}), ...(focal.max !== undefined ? { lte: focal.max } : {}), relation: 'intersects' } } })
  }
  return out
}

/**
 * Every selection of the query (facets, light sources and focal filters AND together), leaving out `except`: a
 * facet's own counts are computed under every selection but its own (disjunctive faceting). For light_source and
 * light_color, their key of each `source` selection is their own too (facet-aggs.ts puts it back per source).
 */
export function selectionFilters (query: CanonicalQuery, except?: FacetRequest): Query[] {
  const out: Query[] = []
  for (const [name, values] of Object.entries(query.filters) as Array<[FacetName, string[]]>) {
    if (name !== except) out.push(facetFilter(name, values, query.rollout))
  }
  const key = except === undefined ? undefined : sourceKeyOf(except)
  for (const selection of query.sources) {
    const filter = sourceFilter(key === undefined ? selection : without(selection, key))
    if (filter !== null) out.push(filter)
  }
  if (except !== 'focal_mm') out.push(...focalFilters(query.focal))
  return out
}

/** A filter of all `queries`, or match_all when there are none (an empty bool would score differently). */
export function allOf (queries: Query[]): Query {
  return queries.length === 0 ? { match_all: {} } : { bool: { filter: queries } }
}
