import Type, { type Static } from 'typebox'
import { byName, FACETS, FacetViewRef } from './facets.ts'

/** `focal_mm` / `-focal_mm`: by the lower end of the focal range, ascending / descending; no range last. */
const SORTS = ['relevance', 'newest', 'oldest', 'focal_mm', '-focal_mm'] as const
export type SortOrder = typeof SORTS[number]

/** What `fields=` may name besides `image_analysis.<section>`; the default is every one but image_analysis. */
export const HIT_FIELDS = ['caption', 'facets', 'highlight', 'image_analysis'] as const

/** The bounds of a search; the domain checks them again for callers that bypass the schemas. */
export const SEARCH_LIMITS = {
  /** 0: total and facet counts only. */
  size: { min: 0, max: 100, default: 20 },
  facetSize: { min: 1, max: 100, default: 10 },
  /** Values listed by the facet value searches (per facet). */
  valuesSize: { min: 1, max: 100, default: 10 },
  valuesPerFacet: 50,
  valueLength: 200,
  focalMm: { min: 0, max: 100_000 },
  /** `q`, in characters (UTF-16 code units, as JSON Schema's maxLength counts them). */
  textLength: 1000,
  /** Typical cursors are 150–700 characters; this bounds the worst case (see the cursor tests). */
  cursorLength: 6144,
  /** `source` parameters (they AND), their length, and the values one key may name (they OR). */
  sources: 10,
  sourceLength: 400,
  sourceValues: 10,
  /** `fields` entries, after comma-splitting. */
  fields: 20,
  /** Suggestions per unknown selected value. */
  didYouMean: 3,
  /** Analyses listed by GET /v1/analyses/{id}/similar. */
  similarSize: { min: 1, max: 100, default: 10 }
} as const

const { size, facetSize, valuesSize, focalMm } = SEARCH_LIMITS

const FacetValue = Type.String({ minLength: 1, maxLength: SEARCH_LIMITS.valueLength })
const facetFilter = Type.Optional(Type.Array(FacetValue, {
  maxItems: SEARCH_LIMITS.valuesPerFacet,
  description: 'Repeat to select several values (OR); facets combine with AND. Read like a document\'s text: "Jungle / Riverbank" selects both'
}))
const focal = (description: string) => Type.Optional(Type.Number({ minimum: focalMm.min, maximum: focalMm.max, description }))
const commaList = (maxItems: number, description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems, description }))

/** Every selection but the text: facet values, light sources, focal lengths. */
const filters = {
  ...byName(FACETS, facetFilter).properties,
  source: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: SEARCH_LIMITS.sourceLength }), {
    maxItems: SEARCH_LIMITS.sources,
    description: 'One light source having all of these: `type:<light_source>,color:<light_color>` (either key may be left out). Repeat for several sources (AND)'
  })),
  focal_mm: focal('Documents whose focal range contains this length (mm, decimals allowed)'),
  focal_min: focal('Documents whose focal range reaches this length or more (mm)'),
  focal_max: focal('Documents whose focal range reaches this length or less (mm)')
}

const text = (description: string) => Type.Optional(Type.String({ maxLength: SEARCH_LIMITS.textLength, description }))
const SEARCH_TEXT = 'Words (all must occur), "quoted phrases", -excluded words and -"excluded phrases"; nothing else is syntax'

/** The selection shared by search and facet values: text, facet values, light sources, focal lengths. */
export const selection = { q: text(SEARCH_TEXT), ...filters }

/** The selection of the value search of every facet, whose `q` is the value text: the search's text is `search_q`. */
export const valueSearchSelection = { search_q: text(`The q of the search whose hits are counted: ${SEARCH_TEXT}`), ...filters }

const FIELDS_DESCRIPTION = `What each hit carries besides id and score (comma-separated or repeated): ${HIT_FIELDS.join(', ')}, ` +
  'or image_analysis.<section> for one top-level section. Default caption,facets,highlight; empty: id and score only'

/** GET /v1/search query string and POST /v1/search body: the same fields (facet values as arrays in JSON). */
export const SearchInputSchema = Type.Object({
  ...selection,
  sort: Type.Optional(Type.Enum([...SORTS], { description: 'Default: relevance when q has words or phrases, newest otherwise. focal_mm / -focal_mm: by the lower end of the focal range, analyses without one last' })),
  size: Type.Optional(Type.Integer({ minimum: size.min, maximum: size.max, default: size.default, description: '0: total and facet counts only' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: SEARCH_LIMITS.cursorLength, description: 'next_cursor of the previous page; send the same query with it' })),
  facets: commaList(20, `Facets to count (comma-separated or repeated): ${FACETS.join(', ')}, focal_mm. Default setting,lens,mood`),
  facet_size: Type.Optional(Type.Integer({ minimum: facetSize.min, maximum: facetSize.max, default: facetSize.default })),
  fields: commaList(SEARCH_LIMITS.fields, FIELDS_DESCRIPTION)
}, { additionalProperties: false })

export type SearchInput = Static<typeof SearchInputSchema>

/** GET /v1/analyses/{id}/similar: the search's selection narrows the candidates; no cursor, no counts. */
export const SimilarInputSchema = Type.Object({
  ...selection,
  size: Type.Optional(Type.Integer({ minimum: SEARCH_LIMITS.similarSize.min, maximum: SEARCH_LIMITS.similarSize.max, default: SEARCH_LIMITS.similarSize.default, description: 'Analyses listed, most similar first' })),
  fields: commaList(SEARCH_LIMITS.fields, `${FIELDS_DESCRIPTION.replace('Default caption,facets,highlight', 'Default caption,facets (highlight: the words of q only)')}`)
}, { additionalProperties: false })

export type SimilarInput = Static<typeof SimilarInputSchema>

export const valuesSizeSchema = Type.Optional(Type.Integer({ minimum: valuesSize.min, maximum: valuesSize.max, default: valuesSize.default }))

export const FacetCountSchema = Type.Object({
  value: Type.String(),
  count: Type.Integer({ description: 'Hits having this value under every selection except this facet\'s own' }),
  selected: Type.Boolean(),
  did_you_mean: Type.Optional(Type.Array(Type.String(), { description: 'A selected value no analysis of the tenant has: the tenant\'s closest values' }))
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
  score: Type.Union([Type.Number(), Type.Null()], { description: 'null when sorted by anything but relevance' }),
  caption: Type.Optional(Type.String()),
  facets: Type.Optional(FacetViewRef),
  highlight: Type.Optional(Type.Object({
    caption: Type.Optional(Type.Array(Type.String())),
    analysis_text: Type.Optional(Type.Array(Type.String()))
  }, { description: 'HTML-escaped fragments, matches wrapped in <em>' })),
  image_analysis: Type.Optional(Type.Record(Type.String(), Type.Unknown(), {
    description: 'With fields=image_analysis: the analysis as stored (as sent); with image_analysis.<section>: those sections only'
  }))
})

export type SearchHit = Static<typeof SearchHitSchema>

/** A word of the text the typo step widened (docs/search.md, "Typo tolerance"). */
const WidenedWordSchema = Type.Object({
  word: Type.String({ description: 'The word as the text gave it (lower-cased)' }),
  matched_as: Type.Enum(['typo', 'prefix+typo'], {
    description: 'typo: the word or its corrections; prefix+typo: the last word, unfinished, as the start of a word one typo away (or a correction of it)'
  })
})

/** The words the typo step widened, in the canonical order of the query; empty when the text matched as typed. */
export const typosSchema = (of: string) => Type.Array(WidenedWordSchema, {
  description: `Words of ${of} widened because the text as typed matched nothing; their corrections are never listed (they come from the whole shard)`
})

export type WidenedWord = Static<typeof WidenedWordSchema>

const counts = Type.Optional(Type.Array(FacetCountSchema))

/** Counts per facet, most frequent first, selected values always listed. */
export const facetCountsByName = (description: string) => byName(FACETS, counts, { description })

export const SearchResponse = Type.Object({
  total: Type.Integer({ description: 'Exact number of hits' }),
  hits: Type.Array(SearchHitSchema),
  facets: Type.Optional(facetCountsByName('First page only: counts of the requested facets, most frequent first, selected values always listed')),
  focal_mm: Type.Optional(Type.Array(FocalBucketCountSchema, { description: 'First page only, when facets lists focal_mm' })),
  approximate: Type.Optional(Type.Boolean({ description: 'First page only: true if a count may be inexact' })),
  typo_expanded: Type.Boolean({ description: 'true when misspelt words were widened to close corrections (typos is not empty)' }),
  typos: typosSchema('q'),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` (with the same query) for the next page; null on the last page' })
})

/** One page of results as the API returns it. Facet counts come with the first page only. */
export type SearchPage = Static<typeof SearchResponse>

/**
 * The counts of a first page. `approximate` is true when Elasticsearch reports a possible counting error (tenant
 * routing keeps it false).
 */
export type FacetCounts = Required<Pick<SearchPage, 'facets' | 'approximate'>> & Pick<SearchPage, 'focal_mm'>

export const SimilarResponse = Type.Object({
  id: Type.String({ description: 'The analysis the hits are like' }),
  total: Type.Integer({ description: 'Exact number of the tenant\'s analyses found similar under the selection' }),
  hits: Type.Array(SearchHitSchema, { description: 'Most similar first; the analysis itself is never one' })
})

export type SimilarPage = Static<typeof SimilarResponse>
