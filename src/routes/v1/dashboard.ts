import type { FastifyInstance } from 'fastify'
import { problemResponses } from '../../http/problem-schema.ts'
import { buildDashboard, dashboardCacheKey } from '../../search/dashboard/build-dashboard.ts'
import { DashboardSchema } from '../../search/dashboard/dashboard-schema.ts'

/** The tenant's overview, cached per generation and served stale-while-revalidate within DASHBOARD_STALE_S. */
export async function dashboardRoutes (fastify: FastifyInstance): Promise<void> {
  fastify.get('/dashboard', {
    config: { auth: 'reader' },
    schema: {
      tags: ['dashboard'],
      summary: 'Totals, top facet values, focal buckets, daily ingestion, latest analyses, unmapped vocabulary, mood × setting',
      description: 'Cached (Cache-Status tells how); never older than the last acknowledged write. ETag / If-None-Match supported.',
      response: { 200: DashboardSchema, 304: { type: 'null' }, ...problemResponses() }
    }
  }, async (request, reply) => {
    const now = new Date()
    return fastify.cachedRead(request, reply, {
      kind: 'dashboard',
      key: dashboardCacheKey(now),
      compute: async () => await buildDashboard(request.es, fastify.indices.read, request.user.tenant, now)
    })
  })
}
