import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

export interface OpenApiOptions {
  /** Serve /openapi.json and /docs; the spec is still generated (routes are described) when false. */
  expose: boolean
  version: string
  /** PUBLIC_BASE_URL; without it the server is `/`, the origin that serves the document. */
  publicBaseUrl?: string | undefined
}

/**
 * OpenAPI 3.1 generated from the route schemas. Registered before the auth plugin: its routes are the documented
 * public ones (with /healthz and /readyz), every other route declares a role.
 */
async function openApi (fastify: FastifyInstance, { expose, version, publicBaseUrl }: OpenApiOptions): Promise<void> {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Image analyses search',
        version,
        description: 'Authenticated ingestion, faceted search and cached dashboards over image analyses. ' +
          'Errors are RFC 9457 problem+json; every code is listed in docs/errors.md.'
      },
      // Client generators take their base URL from here; a relative `/` is the origin the document came from.
      servers: [publicBaseUrl === undefined
        ? { url: '/', description: 'The instance serving this document (set PUBLIC_BASE_URL to name the public one)' }
        : { url: publicBaseUrl, description: 'The public base URL (PUBLIC_BASE_URL)' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'analyses', description: 'Ingestion: single, bulk and file imports' },
        { name: 'search', description: 'Faceted full-text search' },
        { name: 'dashboard', description: 'Cached aggregate views' },
        { name: 'admin', description: 'Index migration and cache control' },
        { name: 'session', description: 'Who the token says the caller is' },
        { name: 'health', description: 'Liveness and readiness' }
      ]
    }
  })
  if (!expose) return
  await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
  fastify.get('/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, async () => fastify.swagger())
}

export const openApiPlugin = fp(openApi, { name: 'openapi' })
