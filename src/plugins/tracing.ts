import { createHmac } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { flushTraces } from '../telemetry/tracing-state.ts'

/**
 * Span attributes only the app knows, set on the request's server span (by @fastify/otel, started in the
 * preload) before it ends: the cache outcome, from the Cache-Status the cache plugin set, and a keyed hash of the
 * tenant — stable within a deployment so one tenant's traces can be found together, never the tenant itself.
 * Registered only when tracing is on.
 */
async function tracing (fastify: FastifyInstance): Promise<void> {
  const key = createHmac('sha256', fastify.config.cursorSecret).update('trace-tenant').digest()
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const span = serverSpan(request)
    if (span !== undefined) {
      const status = reply.getHeader('cache-status')
      if (typeof status === 'string') span.setAttribute('cache.outcome', cacheOutcome(status))
      if (request.user !== null) span.setAttribute('tenant.hash', tenantHash(key, request.user.tenant))
    }
    done(null, payload)
  })
  fastify.addHook('onClose', async () => { await flushTraces() })
}

export function tenantHash (key: Buffer, tenant: string): string {
  return createHmac('sha256', key).update(tenant).digest('base64url').slice(0, 16)
}

/** hit, miss, coalesced (another computation's answer) or bypass (Redis not used): from RFC 9211 Cache-Status. */
export function cacheOutcome (status: string): string {
  if (/; hit\b/.test(status)) return 'hit'
  if (/fwd=request|detail=redis-unavailable/.test(status)) return 'bypass'
  return /; collapsed\b/.test(status) ? 'coalesced' : 'miss'
}

function serverSpan (request: FastifyRequest) {
  const otel = (request as { opentelemetry?: () => { span?: { setAttribute: (name: string, value: string) => void } | null } }).opentelemetry?.()
  return otel?.span ?? undefined
}

export const tracingPlugin = fp(tracing, { name: 'tracing' })
