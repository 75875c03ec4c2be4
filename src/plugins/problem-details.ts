import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../http/errors.ts'
import { toProblem } from '../http/map-error.ts'
import { sendProblem } from '../http/problem-writer.ts'
import { ProblemSchema } from '../schemas/problem.ts'

/** Every error a request meets, and every unknown route, answered as a problem (src/http/problem-writer.ts). */
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
