import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config/load-config.ts'
import { ProblemError } from '../http/errors.ts'
import { FallbackCounter, storeFor } from './rate-limit-store.ts'

declare module 'fastify' {
  interface FastifyInstance {
    rateCounter: FallbackCounter
  }
}

/**
 * Per-IP limit counted in onRequest, before any token work, so floods are cut cheaply. Counters live in Redis
 * (shared by all instances) with a per-process fallback while Redis is away.
 */
async function rateLimits (fastify: FastifyInstance, config: Config['rateLimit']): Promise<void> {
  const counter = new FallbackCounter(fastify.redis)
  fastify.decorate('rateCounter', counter)
  await fastify.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: config.ipMax,
    timeWindow: config.windowS * 1000,
    store: storeFor(counter, 'ip', config.windowS * 1000),
    enableDraftSpec: true,
    keyGenerator: request => request.ip,
    errorResponseBuilder: (_request, context) => new ProblemError('RATE_LIMITED',
      `Rate limit of ${context.max} requests per ${context.after} exceeded for this client`,
      { headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) } })
  })
}

export const rateLimitPlugin = fp(rateLimits, { name: 'rate-limit', dependencies: ['redis'] })
