// No runtime import here: the web page bundles this list (ui/), and TypeBox would weigh 20 KB gzipped in it.

/**
 * The facets of ../shared/FACETS.md: the one list every layer (normalizer, mappings, search, dashboard, the API's
 * parameters and answers) reads.
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
  'objects',
  'light_color',
  'negative'
] as const

export type FacetName = typeof FACETS[number]

/**
 * The closed vocabularies: a document's text maps to one of these values (or stays unmapped), and a filter value
 * must name one of them (FACETS.md; src/search/facets/filter-values.ts).
 */
export const CLOSED_VALUES = {
  lens: ['fisheye', 'ultra-wide', 'wide', 'standard', 'telephoto', 'super-telephoto', 'macro', 'tilt-shift'],
  depth_of_field: ['shallow', 'medium', 'deep'],
  camera_angle: ['eye-level', 'low-angle', 'high-angle', 'overhead', 'worms-eye', 'dutch-angle']
} as const satisfies Partial<Record<FacetName, readonly string[]>>

export function isFacetName (name: string): name is FacetName {
  return (FACETS as readonly string[]).includes(name)
}
