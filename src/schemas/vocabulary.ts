import Type, { type Static } from 'typebox'
import { ReindexJobSchema } from './reindex-job.ts'

/** The limits of a tenant's vocabulary (docs/vocabulary.md); validate-vocabulary.ts enforces them. */
export const VOCABULARY_LIMITS = {
  merges: 5000,
  synonymGroups: 1000,
  /** Words (or short phrases) per synonym group. */
  groupSize: 20,
  /** Characters of one value or synonym word. */
  valueLength: 128
} as const

// Shapes only; the rules (known facets, canonical values, chains, limits) are checked together by the domain, so one
// 400 lists every problem of the document.
const MergeSchema = Type.Record(Type.String(), Type.Record(Type.String(), Type.String()), {
  description: 'Per facet: canonical value → the canonical value that replaces it (counts, filters, typeahead)'
})
const SynonymsSchema = Type.Array(Type.Array(Type.String()), {
  description: 'Groups of words that full-text search treats as one (q=woods also finds forest)'
})

export const VocabularyInputSchema = Type.Object({
  merge: Type.Optional(MergeSchema),
  synonyms: Type.Optional(SynonymsSchema)
}, { additionalProperties: false, description: 'A tenant\'s vocabulary, the whole document' })

const RederivationSchema = Type.Object({
  state: Type.Enum(['none', 'running', 'done'], { description: 'running: documents derived with older merges remain' }),
  merges_version: Type.Integer({ minimum: 0, description: 'The version whose merges documents are derived with once done' }),
  pending: Type.Integer({ minimum: 0, description: 'Documents still derived with older merges' })
})

export const VocabularySchema = Type.Object({
  version: Type.Integer({ minimum: 0, description: 'Advances on every change; 0: the tenant has none yet' }),
  merge: MergeSchema,
  synonyms: SynonymsSchema,
  updated_at: Type.Optional(Type.String({ format: 'date-time' })),
  rederivation: RederivationSchema
}, { description: 'A tenant\'s vocabulary (ETag header: its version, for If-Match)' })

export type VocabularyView = Static<typeof VocabularySchema>

export const VocabularyChangeSchema = Type.Object({
  vocabulary: VocabularySchema,
  job: Type.Optional(ReindexJobSchema)
}, { description: 'The stored vocabulary; `job`: the re-derivation a change of merges started (202)' })

export const SuggestionsQuerySchema = Type.Object({
  // Optional in the schema so that a stray parameter alone is UNKNOWN_FIELD; the handler requires it.
  facet: Type.Optional(Type.String({ description: 'The facet whose values are compared (required)' }))
}, { additionalProperties: false })

const SuggestionSchema = Type.Object({
  source: Type.String({ description: 'The rarer value, which the merge would replace' }),
  target: Type.String({ description: 'The more frequent value it would be merged into' }),
  source_count: Type.Integer({ minimum: 0, description: 'Analyses carrying the source (those the merge changes)' }),
  target_count: Type.Integer({ minimum: 0 }),
  reason: Type.Enum(['variant', 'plural', 'stem', 'edit'], { description: 'The strongest found: variant (case, hyphen, underscore or space), plural (singular/plural), stem (the index\'s analyzer), edit (a small edit distance)' })
})

export const SuggestionsSchema = Type.Object({
  facet: Type.String(),
  suggestions: Type.Array(SuggestionSchema, { description: 'Most analyses affected first' })
})

export type Suggestion = Static<typeof SuggestionSchema>
