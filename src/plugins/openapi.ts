import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

export interface OpenApiOptions {
  /** Serve /openapi.json and /docs; the spec is still generated (routes are described) when false. */
  expose: boolean
  version: string
}

/**
 * OpenAPI 3.1 generated from the route schemas. Registered before the auth plugin: its routes are the documented
 * public ones (with /healthz and /readyz), every other route declares a role.
 */
async function openApi (fastify: FastifyInstance, { expose, version }: OpenApiOptions): Promise<void> {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Image analyses search',
        version,
        description: 'Authenticated ingestion, faceted search and cached dashboards over image analyses. ' +
          'Errors are RFC 9457 problem+json; every code is listed in docs/errors.md.'
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'analyses', description: 'Ingestion: single, bulk and file imports' },
        { name: 'search', description: 'Faceted full-text search' },
        { name: 'dashboard', description: 'Cached aggregate views' },
        { name: 'admin', description: 'Index migration and cache control' },
        { name: 'health', description: 'Liveness and readiness' }
      ]
    }
  })
  if (!expose) return
  await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
  fastify.get('/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, async () => fastify.swagger())
}

export const openApiPlugin = fp(openApi, { name: 'openapi' })
