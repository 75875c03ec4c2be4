import type { FastifyReply, FastifyRequest } from 'fastify'
import { Counter, type Registry } from 'prom-client'
import type { ErrorCode } from '../http/errors.ts'
import { toProblem } from '../http/map-error.ts'
import { budgetOf } from '../http/rate-budget.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Counted in the ingestion metrics: one document per request, or the per-item results of a bulk answer. */
    ingestion?: 'document' | 'bulk'
  }
}

interface BulkAnswer { items?: Array<{ status: number, error?: { code: string } }> }

const CODE = Symbol('metrics.problem-code')
type Coded = FastifyRequest & { [CODE]?: ErrorCode }

/**
 * Outcomes only the HTTP layer sees: documents accepted or rejected by problem code, and rate-limit refusals by
 * the limit that refused (the IP limit runs before authentication; the principal's budgets after it).
 */
export function requestMetrics (registry: Registry) {
  const accepted = new Counter({ name: 'ias_ingest_documents_accepted_total', help: 'Analyses stored (single writes and bulk items)', registers: [registry] })
  const rejected = new Counter<'code'>({ name: 'ias_ingest_documents_rejected_total', help: 'Analyses refused, by problem code (a refused bulk request as a whole is not counted here: see the HTTP metrics)', labelNames: ['code'], registers: [registry] })
  const limited = new Counter<'limit'>({ name: 'ias_rate_limit_rejections_total', help: 'Requests refused with 429 by the limit that refused them (ip, read, write, bulk)', labelNames: ['limit'], registers: [registry] })

  return {
    onError (request: FastifyRequest, error: unknown): void {
      const code = toProblem(error).code
      ;(request as Coded)[CODE] = code
      if (code === 'RATE_LIMITED') limited.labels(request.user === null ? 'ip' : budgetOf(request)).inc()
    },
    onResponse (request: FastifyRequest, reply: FastifyReply): void {
      if (request.routeOptions.config.ingestion !== 'document') return
      if (reply.statusCode < 300) accepted.inc()
      else rejected.labels((request as Coded)[CODE] ?? String(reply.statusCode)).inc()
    },
    preSerialization (request: FastifyRequest, payload: unknown): void {
      if (request.routeOptions.config.ingestion !== 'bulk') return
      for (const item of (payload as BulkAnswer).items ?? []) {
        if (item.status < 300) accepted.inc()
        else rejected.labels(item.error?.code ?? String(item.status)).inc()
      }
    }
  }
}
