import Type, { type Static } from 'typebox'
import { NormalizeWarningSchema } from './facets.ts'
import { ProblemRef } from './problem.ts'

export const BULK_MAX_ITEMS = 1000
export const BULK_MAX_BYTES = 10 * 1024 * 1024

const BulkItemResultSchema = Type.Object({
  position: Type.Integer({ description: 'Index of the item in the request (0-based line or array position)' }),
  status: Type.Integer({ description: '201 created, 200 replaced, 4xx rejected, 503 retry later, 500 not stored (a bug, logged)' }),
  id: Type.Optional(Type.String()),
  etag: Type.Optional(Type.String()),
  warnings: Type.Optional(Type.Array(NormalizeWarningSchema)),
  // Why the item was not stored: the problem a single write of it would have met.
  error: Type.Optional(ProblemRef)
})

export type BulkItemResult = Static<typeof BulkItemResultSchema>

export const BulkResponse = Type.Object({
  errors: Type.Boolean({ description: 'true when at least one item was not stored' }),
  items: Type.Array(BulkItemResultSchema)
})

export type BulkAnswer = Static<typeof BulkResponse>

export const BulkBody = Type.String({ description: 'application/x-ndjson: one analysis per line; application/json: an array of analyses' })
