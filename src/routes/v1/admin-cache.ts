import Type from 'typebox'
import type { FastifyInstance } from 'fastify'
import { problemResponses } from '../../http/problem-schema.ts'

const Count = (description: string) => Type.Integer({ minimum: 0, description })

const CacheStatsSchema = Type.Object({
  hits: Count('Answers served from Redis (fresh or stale)'),
  misses: Count('Answers computed from Elasticsearch'),
  fills: Count('Entries written to Redis'),
  errors: Count('Failed cache operations (Redis commands, background revalidations)'),
  coalesced: Count('Misses answered by another computation of the same query'),
  stale: Count('Stale dashboards served while one request revalidated'),
  revalidations: Count('Background revalidations that stored a fresh entry'),
  oversized: Count('Answers too large to cache'),
  bypassed: Count('Reads sent straight to Elasticsearch (Redis unavailable, an invalidation pending, or Cache-Control: no-cache)'),
  wait_timeouts: Count('Waits for another instance\'s computation that ended without its entry'),
  pending_invalidations: Count('Generations still to advance once Redis answers again'),
  epoch: Type.Union([Type.String(), Type.Null()], { description: 'Global epoch in use (null until read from Redis)' }),
  redis: Type.Enum(['ready', 'unavailable'])
}, { description: 'Counters of the caller\'s tenant in this process since it started' })

/** Operations on the cache of the caller's tenant, and its cache counters (never another tenant's). */
export async function adminCacheRoutes (fastify: FastifyInstance): Promise<void> {
  fastify.get('/admin/cache/stats', {
    config: { auth: 'admin' },
    schema: { tags: ['admin'], summary: 'Cache counters of the caller\'s tenant on the instance that answers', response: { 200: CacheStatsSchema, ...problemResponses() } }
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    return fastify.queryCache.stats(request.user.tenant)
  })

  fastify.post('/admin/cache/flush', {
    config: { auth: 'admin' },
    schema: {
      tags: ['admin'],
      summary: 'Invalidate every cached answer of the caller\'s tenant',
      description: 'Advances the tenant\'s generation. If Redis is away, the advance is applied as soon as it answers again; this instance serves nothing from the cache meanwhile.',
      response: { 204: { type: 'null' }, ...problemResponses() }
    }
  }, async (request, reply) => {
    await fastify.queryCache.invalidate(request.user.tenant)
    return reply.code(204).send()
  })
}
