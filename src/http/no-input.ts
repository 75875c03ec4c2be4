import type { FastifyRequest } from 'fastify'
import { ProblemError } from './errors.ts'

/** preValidation of a route that takes no body: a body with fields is refused, never silently ignored. */
export async function refuseBody (request: FastifyRequest): Promise<void> {
  const body = request.body
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return
  const name = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body)[0] : undefined
  throw new ProblemError('UNKNOWN_FIELD', name === undefined ? 'This operation takes no body' : `unknown field '${name}': this operation takes no body`,
    { errors: [{ pointer: name === undefined ? '' : `/${name}`, detail: 'this operation takes no body' }] })
}
