import type { FastifyInstance } from 'fastify'
import { adminIndexRoutes } from './admin-index.ts'
import { adminCacheRoutes } from './admin-cache.ts'
import { adminVocabularyRoutes } from './admin-vocabulary.ts'
import { analysesRoutes } from './analyses/index.ts'
import { dashboardRoutes } from './dashboard.ts'
import { meRoutes } from './me.ts'
import { searchRoutes } from './search.ts'
import { FacetViewSchema } from '../../schemas/facets.ts'

/** Every versioned route; each declares its role in `config.auth`. */
export async function v1Routes (fastify: FastifyInstance): Promise<void> {
  fastify.addSchema(FacetViewSchema)
  await fastify.register(analysesRoutes)
  await fastify.register(dashboardRoutes)
  await fastify.register(searchRoutes)
  await fastify.register(adminCacheRoutes)
  await fastify.register(adminIndexRoutes)
  await fastify.register(adminVocabularyRoutes)
  await fastify.register(meRoutes)
}
