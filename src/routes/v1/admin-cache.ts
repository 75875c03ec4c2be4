import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CacheStatsSchema } from '../../schemas/cache-stats.ts'
import { NoContent } from '../../schemas/empty.ts'
import { problemResponses } from '../../schemas/problem.ts'

/** Operations on the cache of the caller's tenant, and its cache counters (never another tenant's). */
export const adminCacheRoutes: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get('/admin/cache/stats', {
    config: { auth: 'admin' },
    schema: {
      tags: ['admin'],
      operationId: 'getCacheStats',
      summary: 'Cache counters of the caller\'s tenant on the instance that answers',
      description: 'Hits, misses, fills and failures of this instance since it started, for the caller\'s tenant only (other tenants\' traffic is none of its business). Every instance keeps its own counters.',
      response: { 200: CacheStatsSchema, ...problemResponses() }
    }
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    return fastify.queryCache.stats(request.user.tenant)
  })

  fastify.post('/admin/cache/flush', {
    config: { auth: 'admin' },
    schema: {
      tags: ['admin'],
      operationId: 'flushCache',
      summary: 'Invalidate every cached answer of the caller\'s tenant',
      description: 'Advances the tenant\'s generation. If Redis is away, the advance is applied as soon as it answers again; this instance serves nothing from the cache meanwhile.',
      response: { 204: NoContent, ...problemResponses() }
    }
  }, async (request, reply) => {
    await fastify.queryCache.invalidate(request.user.tenant)
    return reply.code(204).send(null)
  })
}
