import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Problem } from '../schemas/problem.ts'
import { ERRORS, problemTypeUri, type ProblemError } from './errors.ts'

/**
 * The RFC 9457 document of `problem`: the body of every error answer, whatever carries it (a reply, readiness, a
 * raw socket, a bulk item). `instance` is the request id where there is a request.
 */
export function problemDocument (problem: ProblemError, instance?: string): Problem {
  return {
    // Extension members first: the catalogue's members always win over a clashing name.
    ...problem.extensions,
    type: problemTypeUri(problem.code),
    title: ERRORS[problem.code].title,
    status: problem.status,
    detail: problem.message,
    code: problem.code,
    ...(instance === undefined ? {} : { instance }),
    ...(problem.errors === undefined ? {} : { errors: problem.errors })
  }
}

/** Answers `problem` as application/problem+json with its headers (Retry-After, WWW-Authenticate, …). */
export function sendProblem (request: FastifyRequest, reply: FastifyReply, problem: ProblemError): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value)
  return reply.code(problem.status).type('application/problem+json').send(problemDocument(problem, request.id))
}
