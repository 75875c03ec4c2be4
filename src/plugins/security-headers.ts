import type { IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import cors from '@fastify/cors'
import helmet from 'helmet'
import type { FastifyInstance } from 'fastify'

export interface SecurityHeadersOptions {
  corsOrigins: string[]
}

/**
 * The headers helmet sets with its defaults (CSP, HSTS, nosniff, frame options, …). They do not depend on the
 * request, so helmet runs once, here, against a response that only records them. @fastify/helmet runs helmet's
 * middleware on every request: a fifth of the CPU of a cached read (bench/README.md).
 */
export function helmetHeaders (): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = { setHeader: (name: string, value: string) => { headers[name.toLowerCase()] = value }, removeHeader: () => {} }
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, error => {
    if (error !== undefined) throw error
  })
  return headers
}

/** Helmet's headers everywhere; CORS only for the configured allow-list (none: browsers get no CORS grant). */
async function securityHeaders (fastify: FastifyInstance, { corsOrigins }: SecurityHeadersOptions): Promise<void> {
  const headers = helmetHeaders()
  // A root onRequest hook: every answer carries them, errors, 404s and rate-limit refusals included.
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
  if (corsOrigins.length === 0) return
  await fastify.register(cors, {
    origin: corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['etag', 'location', 'cache-status', 'x-request-id', 'retry-after', 'idempotent-replayed', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
    maxAge: 600
  })
}

export const securityHeadersPlugin = fp(securityHeaders, { name: 'security-headers' })
