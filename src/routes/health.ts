import Type from 'typebox'
import type { FastifyInstance } from 'fastify'
import { problemTypeUri } from '../http/errors.ts'

const Check = Type.Object({
  status: Type.Enum(['up', 'down']),
  detail: Type.Optional(Type.String())
})

const Readiness = Type.Object({
  state: Type.Enum(['ready', 'degraded', 'not_ready', 'overloaded']),
  elasticsearch: Type.Object({ ...Check.properties, index: Type.Optional(Type.String()), text_analysis: Type.Optional(Type.String()) }),
  redis: Check,
  // Present on 503, which is also a problem+json document.
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer()),
  code: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String())
})

const PROBE_TIMEOUT_MS = 1000
/** Probes are shared for this long: readiness is not rate limited, so a flood of probes must not reach ES and Redis. */
const PROBE_REUSE_MS = 1000

/**
 * Liveness has no dependencies; readiness needs Elasticsearch and the index. Redis down is degraded, still ready.
 * While the instance sheds load, readiness is 503 `overloaded` so that a load balancer drains it; liveness stays
 * 200 (restarting an overloaded instance would only move its load elsewhere). Neither probe is ever shed.
 */
export async function healthRoutes (fastify: FastifyInstance): Promise<void> {
  let last: { at: number, checks: ReturnType<typeof probe> } | null = null
  const checks = () => {
    const now = Date.now()
    if (last === null || now - last.at >= PROBE_REUSE_MS) last = { at: now, checks: probe(fastify) }
    return last.checks
  }

  fastify.get('/healthz', {
    config: { auth: 'public', rateLimit: false, shed: false },
    schema: { tags: ['health'], security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } }
  }, async () => ({ status: 'ok' as const }))

  fastify.get('/readyz', {
    config: { auth: 'public', rateLimit: false, shed: false },
    schema: { tags: ['health'], security: [], response: { 200: Readiness, 503: Readiness } }
  }, async (_request, reply) => {
    const [elasticsearch, redis] = await checks()
    const overloaded = fastify.isUnderPressure()
    if (elasticsearch.status === 'up' && !overloaded) {
      return { state: redis.status === 'up' ? 'ready' as const : 'degraded' as const, elasticsearch, redis }
    }
    reply.code(503).type('application/problem+json').header('retry-after', overloaded ? String(fastify.config.shedding.retryAfterS) : '5')
    const code = overloaded ? 'OVERLOADED' : 'SEARCH_UNAVAILABLE'
    return {
      type: problemTypeUri(code),
      title: overloaded ? 'Overloaded' : 'Not ready',
      code,
      detail: overloaded ? 'The instance sheds load: its event loop or memory is past a threshold' : elasticsearch.detail ?? 'Elasticsearch is not ready',
      status: 503,
      state: overloaded ? 'overloaded' as const : 'not_ready' as const,
      elasticsearch,
      redis
    }
  })
}

async function probe (fastify: FastifyInstance) {
  return await Promise.all([esCheck(fastify), redisCheck(fastify)])
}

async function esCheck (fastify: FastifyInstance) {
  try {
    await fastify.es.cluster.health({ timeout: '1s' }, { requestTimeout: PROBE_TIMEOUT_MS, maxRetries: 0 })
  } catch {
    return { status: 'down' as const, detail: 'Elasticsearch does not answer' }
  }
  const index = fastify.searchIndex()
  if (index === null) return { status: 'down' as const, detail: 'The search index is not created yet' }
  return { status: 'up' as const, index: index.index, text_analysis: index.textAnalysis }
}

async function redisCheck (fastify: FastifyInstance) {
  try {
    await fastify.redis.ping()
    return { status: 'up' as const }
  } catch {
    return { status: 'down' as const, detail: 'Redis does not answer; reads are served from Elasticsearch' }
  }
}
