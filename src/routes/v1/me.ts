import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MeResponse } from '../../schemas/me.ts'
import { problemResponses } from '../../schemas/problem.ts'

/**
 * Who the token says the caller is, as the service reads it. A client (the web page) checks a token with it and
 * shows the tenant and roles without decoding the JWT itself, which would trust claims nobody verified.
 */
export const meRoutes: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get('/me', {
    config: { auth: 'reader' },
    schema: {
      tags: ['session'],
      operationId: 'getMe',
      summary: 'The caller\'s tenant and roles, from the verified token',
      description: 'The subject, tenant and roles of the bearer token after verification (a token with a role the service does not know never gets here: it is refused with 401).',
      response: { 200: MeResponse, ...problemResponses() }
    }
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const { sub, tenant, roles } = request.user
    return { sub, tenant, roles }
  })
}
