import { createRequire } from 'node:module'
import fp from 'fastify-plugin'
import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'

export interface SecurityHeadersOptions {
  corsOrigins: string[]
}

interface HeaderSink { setHeader: (name: string, value: string) => void, removeHeader: (name: string) => void }
type HelmetFactory = (options?: object) => (req: object, res: HeaderSink, next: (error?: unknown) => void) => void
// helmet itself, as @fastify/helmet depends on it (resolved from there: one version, declared once).
const helmet = createRequire(import.meta.resolve('@fastify/helmet'))('helmet') as HelmetFactory

/**
 * The headers helmet sets with its defaults (CSP, HSTS, nosniff, frame options, …). They do not depend on the
 * request, so helmet runs once, here. @fastify/helmet rebuilds helmet's middleware on every request: a fifth of
 * the CPU of a cached read (bench/README.md).
 */
export function helmetHeaders (): Record<string, string> {
  const headers: Record<string, string> = {}
  helmet()({}, { setHeader: (name, value) => { headers[name.toLowerCase()] = value }, removeHeader: () => {} }, error => {
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
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'x-request-id'],
    exposedHeaders: ['etag', 'location', 'cache-status', 'x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
    maxAge: 600
  })
}

export const securityHeadersPlugin = fp(securityHeaders, { name: 'security-headers' })
