import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DashboardSchema } from '../../schemas/dashboard.ts'
import { NoContent } from '../../schemas/empty.ts'
import { problemResponses } from '../../schemas/problem.ts'
import { buildDashboard, dashboardCacheKey } from '../../search/dashboard/build-dashboard.ts'

/** The tenant's overview, cached per generation and served stale-while-revalidate within DASHBOARD_STALE_S. */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get('/dashboard', {
    config: { auth: 'reader' },
    schema: {
      tags: ['dashboard'],
      operationId: 'getDashboard',
      summary: 'Totals, top facet values, focal buckets, daily ingestion, latest analyses, unmapped vocabulary, mood × setting',
      description: 'Cached (Cache-Status tells how); never older than the last acknowledged write. ETag / If-None-Match supported.',
      response: { 200: DashboardSchema, 304: NoContent, ...problemResponses() }
    }
  }, async (request, reply) => {
    const now = new Date()
    return await fastify.cachedRead(request, reply, {
      kind: 'dashboard',
      key: dashboardCacheKey(now),
      compute: async () => await buildDashboard(request.es, fastify.indices.read, request.user.tenant, now)
    })
  })
}
