import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ERRORS, ProblemError, problemTypeUri } from '../http/errors.ts'
import { toProblem } from '../http/map-error.ts'
import { ProblemSchema } from '../schemas/problem.ts'

/** Sends `problem` as RFC 9457 problem+json. The single place any error response is written. */
export function sendProblem (request: FastifyRequest, reply: FastifyReply, problem: ProblemError): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value)
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: problemTypeUri(problem.code),
      title: ERRORS[problem.code].title,
      status: problem.status,
      detail: problem.message,
      code: problem.code,
      instance: request.id,
      ...(problem.errors === undefined ? {} : { errors: problem.errors })
    })
}

async function problemDetails (fastify: FastifyInstance): Promise<void> {
  fastify.addSchema(ProblemSchema)

  fastify.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error)
    if (problem.status >= 500) {
      request.log.error({ err: error }, 'request failed')
    } else {
      request.log.info({ code: problem.code, detail: problem.message }, 'request rejected')
    }
    return sendProblem(request, reply, problem)
  })

  fastify.setNotFoundHandler((request, reply) => sendProblem(request, reply,
    new ProblemError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)))
}

export const problemDetailsPlugin = fp(problemDetails, { name: 'problem-details' })
