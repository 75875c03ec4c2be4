import Type, { type Static } from 'typebox'

export const ID_PATTERN = '^[A-Za-z0-9._:-]{1,128}$'

export const LIMITS = {
  depth: 16,
  keys: 2000,
  stringLength: 20_000,
  documentBytes: 256 * 1024,
  tags: 100,
  tagLength: 128
} as const

export const AnalysisIdSchema = Type.String({ pattern: ID_PATTERN, minLength: 1, maxLength: 128, description: '1–128 characters of A-Za-z0-9._:-' })

/**
 * What a client sends for one analysis. Unknown top-level fields are rejected (a mass-assignment guard:
 * `tenant`, `facets` or `indexed_at` can never be set by a client). Inside `image_analysis` any keys go, within
 * the structural limits of document-limits.ts.
 */
export const AnalysisInputSchema = Type.Object({
  id: Type.Optional(AnalysisIdSchema),
  caption: Type.Optional(Type.String({ maxLength: LIMITS.stringLength })),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.tagLength }), { maxItems: LIMITS.tags })),
  source: Type.Optional(Type.String({ maxLength: 256 })),
  image_analysis: Type.Record(Type.String(), Type.Unknown(), { description: 'The analysis, stored as sent' })
}, { additionalProperties: false, $id: 'AnalysisInput', title: 'Analysis input' })

export type AnalysisInput = Static<typeof AnalysisInputSchema>
