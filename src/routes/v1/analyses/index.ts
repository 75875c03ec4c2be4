import type { FastifyInstance } from 'fastify'
import { bulkAnalysisRoutes } from './bulk.ts'
import { singleAnalysisRoutes } from './single.ts'

export async function analysesRoutes (fastify: FastifyInstance): Promise<void> {
  await fastify.register(singleAnalysisRoutes)
  await fastify.register(bulkAnalysisRoutes)
}
