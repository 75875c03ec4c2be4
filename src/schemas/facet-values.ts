import Type, { type Static } from 'typebox'
import { FACETS } from './facets.ts'
import { FacetCountSchema, facetCountsByName, SEARCH_LIMITS, selection, typosSchema, valueSearchSelection, valuesSizeSchema } from './search.ts'

const valueText = (description: string) => Type.Optional(Type.String({ maxLength: SEARCH_LIMITS.valueLength, description }))
const VALUE_MATCH = 'Case-insensitive: values starting with it first, then values with a word starting with it, then values one typo away (from 5 characters)'

export const FacetValuesParams = Type.Object({ facet: Type.Enum([...FACETS]) })

/** GET /v1/facets/{facet}/values: one facet's values among the hits of a search. */
export const FacetValuesInputSchema = Type.Object({
  ...selection,
  prefix: valueText(VALUE_MATCH),
  size: valuesSizeSchema
}, { additionalProperties: false })

export const FacetValuesResponse = Type.Object({
  facet: Type.Enum([...FACETS]),
  values: Type.Array(FacetCountSchema),
  typo_expanded: Type.Boolean({ description: 'true when misspelt words of q were widened to close corrections' }),
  typos: typosSchema('q')
})

export type FacetValuesPage = Static<typeof FacetValuesResponse>

/** GET /v1/facets: the values of every facet (or of `facets`) matching `q`, among the hits of a search. */
export const FacetSearchInputSchema = Type.Object({
  q: valueText(`The value text. ${VALUE_MATCH}. Absent: the most frequent values`),
  ...valueSearchSelection,
  facets: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20, description: `Facets to search (comma-separated or repeated); default all: ${FACETS.join(', ')}` })),
  size: valuesSizeSchema
}, { additionalProperties: false })

export const FacetSearchResponse = Type.Object({
  facets: facetCountsByName('The matching values of each facet that has any, best matches first'),
  typo_expanded: Type.Boolean({ description: 'true when misspelt words of search_q were widened to close corrections' }),
  typos: typosSchema('search_q')
})

export type FacetSearchPage = Static<typeof FacetSearchResponse>
