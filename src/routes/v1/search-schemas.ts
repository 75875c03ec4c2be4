import Type, { type Static } from 'typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { FACETS, type FacetName } from '../../search/facets/facet-names.ts'
import { SEARCH_LIMITS, SORTS, type SearchParams } from '../../search/query/canonical-query.ts'
import { MAX_CURSOR_LENGTH } from '../../search/query/cursor.ts'
import { MAX_TEXT_LENGTH } from '../../search/query/parse-text.ts'
import type { FacetValues } from '../../search/query/facet-values.ts'
import type { SearchPage, SearchTarget } from '../../search/query/search-analyses.ts'

const { size, facetSize, focalMm } = SEARCH_LIMITS

const FacetValue = Type.String({ minLength: 1, maxLength: SEARCH_LIMITS.valueLength })
const facetFilter = Type.Optional(Type.Array(FacetValue, { maxItems: SEARCH_LIMITS.valuesPerFacet, description: 'Repeat to select several values (OR); facets combine with AND' }))
const focal = (description: string) => Type.Optional(Type.Integer({ minimum: focalMm.min, maximum: focalMm.max, description }))

/** The selection shared by search and facet values: text, facet values, focal lengths. */
const selection = {
  q: Type.Optional(Type.String({ maxLength: MAX_TEXT_LENGTH, description: 'Words (all must occur), "quoted phrases", -excluded words and -"excluded phrases"; nothing else is syntax' })),
  ...Object.fromEntries(FACETS.map(name => [name, facetFilter])) as Record<FacetName, typeof facetFilter>,
  focal_mm: focal('Documents whose focal range contains this length (mm)'),
  focal_min: focal('Documents whose focal range reaches this length or more (mm)'),
  focal_max: focal('Documents whose focal range reaches this length or less (mm)')
}

/** GET /v1/search query string and POST /v1/search body: the same fields (facet values as arrays in JSON). */
export const SearchInputSchema = Type.Object({
  ...selection,
  sort: Type.Optional(Type.Enum([...SORTS], { description: 'Default: relevance when q has words or phrases, newest otherwise' })),
  size: Type.Optional(Type.Integer({ minimum: size.min, maximum: size.max, default: size.default })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_CURSOR_LENGTH, description: 'next_cursor of the previous page; send the same query with it' })),
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

export type FacetValuesInput = Static<typeof FacetValuesInputSchema>

/** Where a request searches. The tenant comes from the token and from nowhere else. */
export function searchTarget (fastify: FastifyInstance, request: FastifyRequest): SearchTarget {
  return { es: request.es, index: fastify.indices.read, tenant: request.user.tenant, cursorSecret: fastify.config.cursorSecret }
}

/** The domain's parameters from either input (facet filters are the properties named after a facet). */
export function searchParams (input: Partial<SearchInput>): SearchParams {
  const filters: SearchParams['filters'] = {}
  for (const name of FACETS) if (input[name] !== undefined) filters[name] = input[name]
  const { q, focal_mm: mm, focal_min: min, focal_max: max, sort, size, facets, facet_size: fs } = input
  // An absent parameter is undefined here, which canonicalQuery reads as "not given".
  return { filters, q, focal_mm: mm, focal_min: min, focal_max: max, sort, size, facets, facet_size: fs }
}

const FacetCount = Type.Object({
  value: Type.String(),
  count: Type.Integer({ description: 'Hits having this value under every selection except this facet\'s own' }),
  selected: Type.Boolean()
})

const FocalBucket = Type.Object({
  label: Type.String({ description: '<24, 24–35, 36–70, 71–135, 136–300, >300' }),
  min: Type.Union([Type.Integer(), Type.Null()], { description: 'Inclusive; null = open' }),
  max: Type.Union([Type.Integer(), Type.Null()], { description: 'Inclusive; null = open' }),
  count: Type.Integer({ description: 'Hits whose focal range intersects the bucket, under every selection except the focal ones' })
})

const counts = Type.Optional(Type.Array(FacetCount))

export const SearchResponse = Type.Object({
  total: Type.Integer({ description: 'Exact number of hits' }),
  hits: Type.Array(Type.Object({
    id: Type.String(),
    score: Type.Union([Type.Number(), Type.Null()], { description: 'null when sorted by date' }),
    caption: Type.Optional(Type.String()),
    facets: Type.Ref('FacetView'),
    highlight: Type.Object({
      caption: Type.Optional(Type.Array(Type.String())),
      analysis_text: Type.Optional(Type.Array(Type.String()))
    }, { description: 'HTML-escaped fragments, matches wrapped in <em>' })
  })),
  facets: Type.Optional(Type.Object(Object.fromEntries(FACETS.map(name => [name, counts])) as Record<FacetName, typeof counts>, {
    description: 'First page only: counts of the requested facets, most frequent first, selected values always listed'
  })),
  focal_mm: Type.Optional(Type.Array(FocalBucket, { description: 'First page only, when facets lists focal_mm' })),
  approximate: Type.Optional(Type.Boolean({ description: 'First page only: true if a count may be inexact' })),
  typo_expanded: Type.Boolean({ description: 'true when misspelt words were widened to close corrections' }),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` (with the same query) for the next page; null on the last page' })
})

export const FacetValuesResponse = Type.Object({
  facet: Type.String(),
  values: Type.Array(FacetCount),
  typo_expanded: Type.Boolean()
})

// The domain's answers must fit the response schemas (checked by the compiler, not at run time).
export const asSearchResponse = (page: SearchPage): Static<typeof SearchResponse> => page
export const asFacetValuesResponse = (facet: string, values: FacetValues): Static<typeof FacetValuesResponse> => ({ facet, ...values })
