import type { FastifyInstance } from 'fastify'
import { etagCodec, type EtagCodec } from '../../../http/etag.ts'
import { idempotencyPlugin } from '../../../plugins/idempotency.ts'
import { bulkAnalysisRoutes } from './bulk.ts'
import { similarAnalysesRoutes } from './similar.ts'
import { singleAnalysisRoutes } from './single.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Encodes stored versions as opaque ETags and back (see src/http/etag.ts). */
    etags: EtagCodec
  }
}

export async function analysesRoutes (fastify: FastifyInstance): Promise<void> {
  fastify.decorate('etags', etagCodec(fastify.config.cursorSecret))
  await fastify.register(idempotencyPlugin)
  await fastify.register(singleAnalysisRoutes)
  await fastify.register(bulkAnalysisRoutes)
  await fastify.register(similarAnalysesRoutes)
}
