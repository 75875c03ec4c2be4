import fp from 'fastify-plugin'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { AllowedMethods } from '../http/allowed-methods.ts'
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

  const allowed = new AllowedMethods()
  fastify.addHook('onRoute', (route: RouteOptions) => { allowed.add(route.method, route.url) })
  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!
    const methods = allowed.of(path)
    // A route of this very method may call the not-found handler itself (a static file that is not there).
    if (methods.length === 0 || methods.includes(request.method)) return sendProblem(request, reply, new ProblemError('ROUTE_NOT_FOUND', `No route ${request.method} ${path}`))
    return sendProblem(request, reply, new ProblemError('METHOD_NOT_ALLOWED', `${path} answers ${methods.join(', ')}, not ${request.method}`,
      { headers: { allow: methods.join(', ') } }))
  })
}

export const problemDetailsPlugin = fp(problemDetails, { name: 'problem-details' })
