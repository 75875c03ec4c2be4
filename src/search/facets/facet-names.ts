/**
 * The facets of ../shared/FACETS.md: the one list every layer (normalizer, mappings, search, dashboard) reads.
 */
export const FACETS = [
  'setting',
  'environment',
  'lens',
  'mood',
  'depth_of_field',
  'camera_angle',
  'lighting',
  'light_source',
  'composition',
  'objects'
] as const

export type FacetName = typeof FACETS[number]

/** Canonical values per facet; every facet is present, possibly empty. */
export type FacetValues = Record<FacetName, string[]>

/** Inclusive focal-length range in millimetres derived from the lens text. */
export interface FocalRange {
  gte: number
  lte: number
}

export interface NormalizeWarning {
  code: 'facet_source_type'
  facet: FacetName | 'focal_mm'
  /** JSON pointer into the request body, e.g. `/image_analysis/environment/setting`. */
  pointer: string
  detail: string
}

export interface NormalizedAnalysis {
  facets: FacetValues
  /** The values of `facets` that no rule mapped (kept verbatim, counted on the dashboard). */
  unmapped: FacetValues
  focal_mm: FocalRange | null
  warnings: NormalizeWarning[]
  /** NORMALIZER_VERSION at the time of normalization. */
  normalizer_version: number
}

export function isFacetName (name: string): name is FacetName {
  return (FACETS as readonly string[]).includes(name)
}
