import Type, { type Static } from 'typebox'

/** One offending place in a request, as in RFC 9457's example of `errors`. */
const ProblemItemSchema = Type.Object({
  pointer: Type.String({ description: 'JSON pointer (RFC 6901) to the offending place' }),
  detail: Type.String()
})

export type ProblemItem = Static<typeof ProblemItemSchema>

export const ProblemSchema = Type.Object({
  type: Type.String({ description: 'URI naming the problem type (stable per `code`)' }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String({ description: 'What was wrong with this request, naming the field or parameter' }),
  code: Type.String({ description: 'Stable code from the error catalogue (docs/errors.md)' }),
  instance: Type.Optional(Type.String({ description: 'The request id; also in the `x-request-id` header' })),
  errors: Type.Optional(Type.Array(ProblemItemSchema))
}, { $id: 'Problem', title: 'Problem details (RFC 9457)' })

export type Problem = Static<typeof ProblemSchema>

// A reference keeps the document small (one component); Unsafe gives it the type a Ref alone does not carry.
export const ProblemRef = Type.Unsafe<Problem>(Type.Ref('Problem'))

/** Response schemas for the error statuses a route can answer, to spread into `schema.response`. */
export function problemResponses (...statuses: number[]): Record<number, typeof ProblemRef> {
  const all = new Set([400, 401, 403, 429, 500, 503, ...statuses])
  return Object.fromEntries([...all].map(status => [status, ProblemRef]))
}
