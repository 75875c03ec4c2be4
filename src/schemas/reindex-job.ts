import Type, { type Static } from 'typebox'

/** A tenant's reindex, as the instance that runs it knows it. */
export const ReindexJobSchema = Type.Object({
  state: Type.Enum(['running', 'done', 'failed']),
  rewritten: Type.Integer({ description: 'Documents re-derived so far' }),
  skipped: Type.Integer({ description: 'Documents left alone because a newer write got there first' }),
  started_at: Type.String({ format: 'date-time' }),
  finished_at: Type.Optional(Type.String({ format: 'date-time' }))
})

export type ReindexJob = Static<typeof ReindexJobSchema>
