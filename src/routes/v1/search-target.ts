import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SearchTarget } from '../../search/query/search-analyses.ts'
import { readVocabulary } from '../../search/vocabulary/vocabulary-store.ts'
import type { StoredVocabulary } from '../../search/vocabulary/vocabulary-types.ts'

/** Where a request searches. The tenant comes from the token and from nowhere else. */
export function searchTarget (fastify: FastifyInstance, request: FastifyRequest): SearchTarget {
  return { es: request.es, index: fastify.indices.read, tenant: request.user.tenant, cursorSecret: fastify.config.cursorSecret }
}

/**
 * The tenant's vocabulary, read when an answer is computed (a cache miss), never held by the instance: every
 * instance answers with the new version once a PUT is acknowledged (the PUT also advanced the cache's generation).
 */
export async function tenantVocabulary (fastify: FastifyInstance, request: FastifyRequest): Promise<StoredVocabulary> {
  return (await readVocabulary(request.es, fastify.indices, request.user.tenant)).vocabulary
}
