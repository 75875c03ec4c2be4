import fp from 'fastify-plugin'
import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../config/load-config.ts'
import { ProblemError } from '../http/errors.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: answered even under pressure (the health probes, which must stay cheap and truthful). */
    shed?: false
  }
  interface FastifyInstance {
    /** Requests shed so far, by the check that tripped (eventLoopDelay, eventLoopUtilization, heapUsedBytes, rssBytes). */
    shedCounts: () => Readonly<Record<string, number>>
  }
}

/**
 * Load shedding with @fastify/under-pressure: while a sample of the event-loop delay, its utilization, the heap
 * or the RSS is past its threshold (SHED_*), new requests get 503 OVERLOADED with Retry-After, before their token
 * or their body is looked at, and /readyz says `overloaded` so a load balancer drains the instance. Requests in
 * flight finish. Registered before the rate limits: a shed request costs no Redis round trip.
 */
async function loadShedding (fastify: FastifyInstance, options: Config['shedding']): Promise<void> {
  const shed: Record<string, number> = {}
  const retryAfter = String(options.retryAfterS)
  const refuse = (request: FastifyRequest, _reply: unknown, type: string): ProblemError | undefined => {
    if (request.routeOptions.config.shed === false) return undefined
    shed[type] = (shed[type] ?? 0) + 1
    return new ProblemError('OVERLOADED', 'This instance is overloaded; retry shortly', { headers: { 'retry-after': retryAfter } })
  }
  fastify.decorate('shedCounts', () => shed)
  await fastify.register(underPressure, {
    maxEventLoopDelay: options.eventLoopDelayMs,
    maxEventLoopUtilization: options.eventLoopUtilization,
    maxHeapUsedBytes: options.heapUsedBytes,
    maxRssBytes: options.rssBytes,
    sampleInterval: options.sampleIntervalMs,
    // A value returned is sent as the answer (an Error goes through the error handler: the one problem writer);
    // undefined lets the request through. The typings only know the second case.
    pressureHandler: refuse as unknown as FastifyUnderPressureOptions['pressureHandler']
  })
}

export const loadSheddingPlugin = fp(loadShedding, { name: 'load-shedding' })
