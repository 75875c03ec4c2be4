import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from './config/load-config.ts'
import { fastifyOptions } from './app-options.ts'
import { authPlugin } from './plugins/auth.ts'
import { cachePlugin } from './plugins/cache.ts'
import { elasticsearchPlugin } from './plugins/elasticsearch.ts'
import { jsonBodyPlugin } from './plugins/json-body.ts'
import { loadSheddingPlugin } from './plugins/load-shedding.ts'
import { metricsPlugin } from './plugins/metrics.ts'
import { gracefulClosePlugin } from './plugins/graceful-close.ts'
import { openApiPlugin } from './plugins/openapi.ts'
import { principalLimitsPlugin } from './plugins/principal-limits.ts'
import { problemDetailsPlugin } from './plugins/problem-details.ts'
import { rateLimitPlugin } from './plugins/rate-limit.ts'
import { redisPlugin } from './plugins/redis.ts'
import { securityHeadersPlugin } from './plugins/security-headers.ts'
import { tenantWritesPlugin } from './plugins/tenant-writes.ts'
import { tracingPlugin } from './plugins/tracing.ts'
import { uiPlugin } from './plugins/ui.ts'
import { validationPlugin } from './plugins/validation.ts'
import { vocabularyPlugin } from './plugins/vocabulary.ts'
import { healthRoutes } from './routes/health.ts'
import { v1Routes } from './routes/v1/index.ts'
import { tracingEnabled } from './telemetry/tracing-state.ts'
import { SERVICE_VERSION } from './version.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}

/**
 * Builds the whole service (not listening). The server entry and every test call this with a Config.
 * Order matters: error handling and validation first, docs before auth (their routes are the public ones),
 * then the clients and their metrics, auth and rate limits, then the routes.
 */
export async function buildApp (config: Config): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions(config))
  app.decorate('config', config)
  app.addHook('onRequest', (request, reply, done) => { reply.header('x-request-id', request.id); done() })
  await app.register(problemDetailsPlugin)
  await app.register(validationPlugin)
  await app.register(jsonBodyPlugin)
  await app.register(gracefulClosePlugin)
  await app.register(securityHeadersPlugin, { corsOrigins: config.corsOrigins })
  await app.register(loadSheddingPlugin, config.shedding)
  await app.register(openApiPlugin, { expose: config.docsEnabled, version: SERVICE_VERSION, publicBaseUrl: config.publicBaseUrl })
  await app.register(elasticsearchPlugin, config.elasticsearch)
  await app.register(redisPlugin, config.redis)
  if (config.metrics !== null) await app.register(metricsPlugin, config.metrics)
  if (tracingEnabled()) await app.register(tracingPlugin)
  await app.register(rateLimitPlugin, config.rateLimit)
  await app.register(authPlugin, { jwt: config.jwt })
  await app.register(principalLimitsPlugin, config.rateLimit)
  await app.register(healthRoutes)
  await app.register(uiPlugin, { enabled: config.uiEnabled })
  await app.register(tenantWritesPlugin)
  await app.register(cachePlugin)
  await app.register(vocabularyPlugin)
  await app.register(v1Routes, { prefix: '/v1' })
  return app
}
