import Type, { type Static } from 'typebox'
import { byName, FACETS, FacetViewRef } from './facets.ts'

const SORTS = ['relevance', 'newest', 'oldest'] as const
export type SortOrder = typeof SORTS[number]

/** The bounds of a search; the domain checks them again for callers that bypass the schemas. */
export const SEARCH_LIMITS = {
  size: { min: 1, max: 100, default: 20 },
  facetSize: { min: 1, max: 100, default: 10 },
  valuesPerFacet: 50,
  valueLength: 200,
  focalMm: { min: 0, max: 100_000 },
  /** `q`, in characters (UTF-16 code units, as JSON Schema's maxLength counts them). */
  textLength: 1000,
  /** Typical cursors are 150–700 characters; this bounds the worst case (see the cursor tests). */
  cursorLength: 6144
} as const

const { size, facetSize, focalMm } = SEARCH_LIMITS

const FacetValue = Type.String({ minLength: 1, maxLength: SEARCH_LIMITS.valueLength })
const facetFilter = Type.Optional(Type.Array(FacetValue, { maxItems: SEARCH_LIMITS.valuesPerFacet, description: 'Repeat to select several values (OR); facets combine with AND' }))
const focal = (description: string) => Type.Optional(Type.Integer({ minimum: focalMm.min, maximum: focalMm.max, description }))

/** The selection shared by search and facet values: text, facet values, focal lengths. */
const selection = {
  q: Type.Optional(Type.String({ maxLength: SEARCH_LIMITS.textLength, description: 'Words (all must occur), "quoted phrases", -excluded words and -"excluded phrases"; nothing else is syntax' })),
  ...byName(FACETS, facetFilter).properties,
  focal_mm: focal('Documents whose focal range contains this length (mm)'),
  focal_min: focal('Documents whose focal range reaches this length or more (mm)'),
  focal_max: focal('Documents whose focal range reaches this length or less (mm)')
}

/** GET /v1/search query string and POST /v1/search body: the same fields (facet values as arrays in JSON). */
export const SearchInputSchema = Type.Object({
  ...selection,
  sort: Type.Optional(Type.Enum([...SORTS], { description: 'Default: relevance when q has words or phrases, newest otherwise' })),
  size: Type.Optional(Type.Integer({ minimum: size.min, maximum: size.max, default: size.default })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: SEARCH_LIMITS.cursorLength, description: 'next_cursor of the previous page; send the same query with it' })),
  facets: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20, description: `Facets to count (comma-separated or repeated): ${FACETS.join(', ')}, focal_mm. Default setting,lens,mood` })),
  facet_size: Type.Optional(Type.Integer({ minimum: facetSize.min, maximum: facetSize.max, default: facetSize.default }))
}, { additionalProperties: false })

export type SearchInput = Static<typeof SearchInputSchema>

export const FacetValuesParams = Type.Object({ facet: Type.Enum([...FACETS]) })

export const FacetValuesInputSchema = Type.Object({
  ...selection,
  prefix: Type.Optional(Type.String({ maxLength: SEARCH_LIMITS.valueLength, description: 'Case-insensitive prefix of the values' })),
  size: Type.Optional(Type.Integer({ minimum: size.min, maximum: size.max, default: 10 }))
}, { additionalProperties: false })

const FacetCountSchema = Type.Object({
  value: Type.String(),
  count: Type.Integer({ description: 'Hits having this value under every selection except this facet\'s own' }),
  selected: Type.Boolean()
})

export type FacetCount = Static<typeof FacetCountSchema>

/** A focal-length bucket of search and dashboard; a document counts in every bucket its focal range intersects. */
export const FocalBucketCountSchema = Type.Object({
  label: Type.String({ description: '<24, 24–35, 36–70, 71–135, 136–300, >300' }),
  min: Type.Union([Type.Integer(), Type.Null()], { description: 'Inclusive; null = open' }),
  max: Type.Union([Type.Integer(), Type.Null()], { description: 'Inclusive; null = open' }),
  count: Type.Integer({ minimum: 0, description: 'Documents whose focal range intersects the bucket (in a search: under every selection except the focal ones)' })
})

export type FocalBucketCount = Static<typeof FocalBucketCountSchema>

const SearchHitSchema = Type.Object({
  id: Type.String(),
  score: Type.Union([Type.Number(), Type.Null()], { description: 'null when sorted by date' }),
  caption: Type.Optional(Type.String()),
  facets: FacetViewRef,
  highlight: Type.Object({
    caption: Type.Optional(Type.Array(Type.String())),
    analysis_text: Type.Optional(Type.Array(Type.String()))
  }, { description: 'HTML-escaped fragments, matches wrapped in <em>' })
})

export type SearchHit = Static<typeof SearchHitSchema>

const counts = Type.Optional(Type.Array(FacetCountSchema))

export const SearchResponse = Type.Object({
  total: Type.Integer({ description: 'Exact number of hits' }),
  hits: Type.Array(SearchHitSchema),
  facets: Type.Optional(byName(FACETS, counts, {
    description: 'First page only: counts of the requested facets, most frequent first, selected values always listed'
  })),
  focal_mm: Type.Optional(Type.Array(FocalBucketCountSchema, { description: 'First page only, when facets lists focal_mm' })),
  approximate: Type.Optional(Type.Boolean({ description: 'First page only: true if a count may be inexact' })),
  typo_expanded: Type.Boolean({ description: 'true when misspelt words were widened to close corrections' }),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` (with the same query) for the next page; null on the last page' })
})

/** One page of results as the API returns it. Facet counts come with the first page only. */
export type SearchPage = Static<typeof SearchResponse>

export const FacetValuesResponse = Type.Object({
  facet: Type.Enum([...FACETS]),
  values: Type.Array(FacetCountSchema),
  typo_expanded: Type.Boolean({ description: 'true when misspelt words were widened to close corrections' })
})

export type FacetValuesPage = Static<typeof FacetValuesResponse>
