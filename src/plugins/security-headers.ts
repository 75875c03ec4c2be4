import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'

export interface SecurityHeadersOptions {
  corsOrigins: string[]
}

/** Helmet's headers everywhere; CORS only for the configured allow-list (none: browsers get no CORS grant). */
async function securityHeaders (fastify: FastifyInstance, { corsOrigins }: SecurityHeadersOptions): Promise<void> {
  await fastify.register(helmet, { global: true })
  if (corsOrigins.length === 0) return
  await fastify.register(cors, {
    origin: corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'x-request-id'],
    exposedHeaders: ['etag', 'location', 'cache-status', 'x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
    maxAge: 600
  })
}

export const securityHeadersPlugin = fp(securityHeaders, { name: 'security-headers' })
