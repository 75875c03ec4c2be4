import Type, { type Static } from 'typebox'
import { NormalizeWarningSchema } from './facets.ts'
import { ProblemItemSchema } from './problem.ts'

export const BULK_MAX_ITEMS = 1000
export const BULK_MAX_BYTES = 10 * 1024 * 1024

const BulkItemResultSchema = Type.Object({
  position: Type.Integer({ description: 'Index of the item in the request (0-based line or array position)' }),
  status: Type.Integer({ description: '201 created, 200 replaced, 4xx rejected, 429/503 retry later' }),
  id: Type.Optional(Type.String()),
  etag: Type.Optional(Type.String()),
  warnings: Type.Optional(Type.Array(NormalizeWarningSchema)),
  error: Type.Optional(Type.Object({
    code: Type.String({ description: 'A code of the error catalogue (docs/errors.md), as in a problem' }),
    detail: Type.String(),
    errors: Type.Array(ProblemItemSchema)
  }))
})

export type BulkItemResult = Static<typeof BulkItemResultSchema>

export const BulkResponse = Type.Object({
  errors: Type.Boolean({ description: 'true when at least one item was not stored' }),
  items: Type.Array(BulkItemResultSchema)
})

export type BulkAnswer = Static<typeof BulkResponse>

export const BulkBody = Type.String({ description: 'application/x-ndjson: one analysis per line; application/json: an array of analyses' })
