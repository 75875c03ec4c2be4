import Type, { type Static, type TObjectOptions, type TSchema } from 'typebox'

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

/** An object with one property per name, each of the same schema. */
export function byName<const Names extends readonly string[], T extends TSchema> (names: Names, schema: T, options: TObjectOptions = {}) {
  return Type.Object(Object.fromEntries(names.map(name => [name, schema])) as Record<Names[number], T>, options)
}

export const FacetViewSchema = Type.Object({
  ...byName(FACETS, Type.Array(Type.String())).properties,
  focal_mm: Type.Union([Type.Object({ min: Type.Number(), max: Type.Number() }), Type.Null()], { description: 'Focal range in mm, inclusive (decimals as written: 4.5)' })
}, { $id: 'FacetView', description: 'Facet values derived by the normalizer (../shared/FACETS.md)' })

/** The derived facets as clients see them: every facet, and the focal range as {min, max} millimetres. */
export type FacetView = Static<typeof FacetViewSchema>

/** Where an answer carries facets: a reference to the one component (registered by the v1 routes). */
export const FacetViewRef = Type.Unsafe<FacetView>(Type.Ref('FacetView'))

/** A value the normalizer could not read (wrong type): the document is stored, the value left out. */
export const NormalizeWarningSchema = Type.Object({
  code: Type.Enum(['facet_source_type']),
  facet: Type.Enum([...FACETS, 'focal_mm']),
  pointer: Type.String({ description: 'JSON pointer into the request body, e.g. `/image_analysis/environment/setting`' }),
  detail: Type.String()
})

export type NormalizeWarning = Static<typeof NormalizeWarningSchema>
