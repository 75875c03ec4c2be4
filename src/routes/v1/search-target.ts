import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SearchTarget } from '../../search/query/search-analyses.ts'

/** Where a request searches. The tenant comes from the token and from nowhere else. */
export function searchTarget (fastify: FastifyInstance, request: FastifyRequest): SearchTarget {
  return { es: request.es, index: fastify.indices.read, tenant: request.user.tenant, cursorSecret: fastify.config.cursorSecret }
}
