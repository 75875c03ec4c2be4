import Type, { type Static } from 'typebox'
import { FacetViewRef, NormalizeWarningSchema } from './facets.ts'

const ID_PATTERN = '^[A-Za-z0-9._:-]{1,128}$'

export const LIMITS = {
  depth: 16,
  keys: 2000,
  stringLength: 20_000,
  documentBytes: 256 * 1024,
  tags: 100,
  tagLength: 128
} as const

const AnalysisIdSchema = Type.String({ pattern: ID_PATTERN, minLength: 1, maxLength: 128, description: '1–128 characters of A-Za-z0-9._:-' })

/**
 * What a client sends for one analysis. Unknown top-level fields are rejected (a mass-assignment guard:
 * `tenant`, `facets` or `indexed_at` can never be set by a client). Inside `image_analysis` any keys go, within
 * the structural limits of src/search/analyses/document-limits.ts.
 */
export const AnalysisInputSchema = Type.Object({
  id: Type.Optional(AnalysisIdSchema),
  caption: Type.Optional(Type.String({ maxLength: LIMITS.stringLength })),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.tagLength }), { maxItems: LIMITS.tags })),
  source: Type.Optional(Type.String({ maxLength: 256 })),
  image_analysis: Type.Record(Type.String(), Type.Unknown(), { description: 'The analysis, stored as sent' })
}, { additionalProperties: false, $id: 'AnalysisInput', title: 'Analysis input' })

export type AnalysisInput = Static<typeof AnalysisInputSchema>

export const IdParams = Type.Object({ id: AnalysisIdSchema })

/** The query string of every write (single and bulk). */
export const WriteQuery = Type.Object({
  refresh: Type.Optional(Type.Enum(['wait_for', 'false'], { description: '`wait_for`: answer once the write is visible to searches (read-your-writes)' }))
}, { additionalProperties: false })

export type WriteQueryInput = Static<typeof WriteQuery>

export const WriteResponse = Type.Object({
  id: Type.String(),
  etag: Type.String(),
  created: Type.Boolean({ description: 'false when an existing analysis was replaced' }),
  facets: FacetViewRef,
  warnings: Type.Array(NormalizeWarningSchema)
})

/** A stored analysis: what was sent, with its id and what the service derived from it. */
export const AnalysisResponse = Type.Object({
  ...AnalysisInputSchema.properties,
  id: AnalysisIdSchema,
  facets: FacetViewRef,
  normalizer_version: Type.Integer(),
  indexed_at: Type.String({ format: 'date-time' }),
  warnings: Type.Array(NormalizeWarningSchema, { description: 'What the current normalizer finds wrong with the shape of the stored analysis (as a write would answer it)' })
})
