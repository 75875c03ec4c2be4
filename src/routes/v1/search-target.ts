import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SearchTarget } from '../../search/query/search-analyses.ts'
import type { StoredVocabulary } from '../../search/vocabulary/vocabulary-types.ts'

/** Where a request searches. The tenant comes from the token and from nowhere else. */
export function searchTarget (fastify: FastifyInstance, request: FastifyRequest): SearchTarget {
  return { es: request.es, index: fastify.indices.read, tenant: request.user.tenant, cursorSecret: fastify.config.cursorSecret }
}

/**
 * The tenant's vocabulary, as an answer is computed (a cache miss): held by the instance only while the cache's
 * in-process tier proves no change was acknowledged since (src/search/vocabulary/vocabulary-copies.ts), so every
 * instance answers with the new version once a PUT is acknowledged.
 */
export async function tenantVocabulary (fastify: FastifyInstance, request: FastifyRequest): Promise<StoredVocabulary> {
  return await fastify.vocabularyCopies.read(request.es, fastify.indices, request.user.tenant)
}
