import Type, { type Static, type TObjectOptions, type TSchema } from 'typebox'

import { FACETS } from './facet-names.ts'

export { FACETS, CLOSED_VALUES, isFacetName, type FacetName } from './facet-names.ts'

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
  code: Type.Enum(['facet_source_type', 'facet_value_too_long']),
  facet: Type.Enum([...FACETS, 'focal_mm']),
  pointer: Type.String({ description: 'JSON pointer into the request body, e.g. `/image_analysis/environment/setting`' }),
  detail: Type.String()
})

export type NormalizeWarning = Static<typeof NormalizeWarningSchema>
