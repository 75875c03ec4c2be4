import { FACETS, type FacetView } from '../../schemas/facets.ts'
import type { StoredAnalysis } from './stored-analysis.ts'

/**
 * The derived facets as clients see them (FacetView): every facet, the focal range as {min, max} millimetres. A
 * facet newer than the document's normalizer version is empty until the document is re-derived (reindex, migrate).
 */
export function facetView (document: Partial<Pick<StoredAnalysis, 'facets' | 'focal_mm'>>): FacetView {
  const view = {} as FacetView
  for (const name of FACETS) view[name] = document.facets?.[name] ?? []
  view.focal_mm = document.focal_mm === undefined ? null : { min: document.focal_mm.gte, max: document.focal_mm.lte }
  return view
}
