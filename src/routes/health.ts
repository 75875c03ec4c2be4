import type { estypes } from '@elastic/elasticsearch'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../http/errors.ts'
import { sendProblem } from '../http/problem-writer.ts'
import { LivenessSchema, NotReadySchema, ReadySchema, type EsCheck, type RedisCheck } from '../schemas/health.ts'

const PROBE_TIMEOUT_MS = 1000
/** Probes are shared for this long: readiness is not rate limited, so a flood of probes must not reach ES and Redis. */
const PROBE_REUSE_MS = 1000

/**
 * Liveness has no dependencies; readiness needs Elasticsearch and the index. Redis down is degraded, still ready.
 * While the instance sheds load, readiness is 503 `overloaded` so that a load balancer drains it; liveness stays
 * 200 (restarting an overloaded instance would only move its load elsewhere). Neither probe is ever shed.
 */
export const healthRoutes: FastifyPluginAsyncTypebox = async fastify => {
  let last: { at: number, checks: ReturnType<typeof probe> } | null = null
  const checks = () => {
    const now = Date.now()
    if (last === null || now - last.at >= PROBE_REUSE_MS) last = { at: now, checks: probe(fastify) }
    return last.checks
  }

  fastify.get('/healthz', {
    config: { auth: 'public', rateLimit: false, shed: false },
    schema: {
      tags: ['health'],
      operationId: 'getLiveness',
      summary: 'Liveness: the process answers',
      description: 'Depends on nothing: 200 as long as the process serves requests. Not rate limited, never shed.',
      security: [],
      response: { 200: LivenessSchema }
    }
  }, async () => ({ status: 'ok' as const }))

  fastify.get('/readyz', {
    config: { auth: 'public', rateLimit: false, shed: false },
    schema: {
      tags: ['health'],
      operationId: 'getReadiness',
      summary: 'Readiness: Elasticsearch answers, the index is active, the instance is not overloaded',
      description: '200 ready, or degraded while Redis is away (reads are then served from Elasticsearch); 503 SEARCH_UNAVAILABLE with Retry-After until Elasticsearch answers, the index exists and the primary shards behind its aliases are active (cluster health of those indices not red); 503 SHUTTING_DOWN while the instance closes; 503 OVERLOADED (state overloaded) while the instance sheds load. Probes are shared for a second, not rate limited and never shed.',
      security: [],
      response: { 200: ReadySchema, 503: NotReadySchema }
    }
  }, async (request, reply) => {
    const [elasticsearch, redis] = await checks()
    const overloaded = fastify.isUnderPressure()
    if (elasticsearch.status === 'up' && !overloaded) {
      return { state: redis.status === 'up' ? 'ready' as const : 'degraded' as const, elasticsearch, redis }
    }
    if (overloaded) {
      return sendProblem(request, reply, new ProblemError('OVERLOADED', 'The instance sheds load: its event loop or memory is past a threshold', {
        headers: { 'retry-after': String(fastify.config.shedding.retryAfterS) },
        extensions: { state: 'overloaded', elasticsearch, redis }
      }))
    }
    return sendProblem(request, reply, new ProblemError('SEARCH_UNAVAILABLE', elasticsearch.detail ?? 'Elasticsearch is not ready', {
      headers: { 'retry-after': '5' },
      extensions: { state: 'not_ready', elasticsearch, redis }
    }))
  })
}

async function probe (fastify: FastifyInstance): Promise<[EsCheck, RedisCheck]> {
  return await Promise.all([esCheck(fastify), redisCheck(fastify)])
}

/**
 * Elasticsearch answers, the index exists, and the primary shards behind both aliases are active: cluster health
 * of the aliases' indices alone (a red index of someone else is not ours to report), red → not ready. Yellow (a
 * replica missing) is ready: every read and write still has its primary.
 */
async function esCheck (fastify: FastifyInstance): Promise<EsCheck> {
  const index = fastify.searchIndex()
  const { read, write } = fastify.indices
  let health: estypes.ClusterHealthResponse
  try {
    health = await fastify.es.cluster.health(index === null ? { timeout: '1s' } : { index: [read, write], level: 'indices', timeout: '1s' },
      { requestTimeout: PROBE_TIMEOUT_MS, maxRetries: 0 })
  } catch {
    return { status: 'down', detail: 'Elasticsearch does not answer' }
  }
  if (index === null) return { status: 'down', detail: 'The search index is not created yet' }
  if (health.status.toLowerCase() === 'red') {
    const red = Object.entries(health.indices ?? {}).filter(([, state]) => state.status.toLowerCase() === 'red').map(([name]) => name)
    return {
      status: 'down',
      detail: `The search index has primary shards that are not active (health red: ${red.join(', ') || read}; ${health.unassigned_shards} unassigned, ${health.initializing_shards} initializing)`
    }
  }
  return { status: 'up', index: index.index, text_analysis: index.textAnalysis }
}

async function redisCheck (fastify: FastifyInstance): Promise<RedisCheck> {
  try {
    await fastify.redis.ping()
    return { status: 'up' }
  } catch {
    return { status: 'down', detail: 'Redis does not answer; reads are served from Elasticsearch' }
  }
}
