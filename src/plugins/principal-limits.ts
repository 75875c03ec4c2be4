import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config/load-config.ts'
import { budgetOf, type RateBudget } from '../http/rate-budget.ts'
import { setRateHeaders, rateLimited, type RateState } from './rate-limit.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Charges `count` documents to the principal's bulk budget (RATE_LIMIT_BULK_DOCS_MAX per window). Throws the
     * 429 problem when they do not fit; nothing is charged then. Only on authenticated routes.
     */
    chargeDocuments: (count: number) => Promise<void>
  }
}

const SPEND = Symbol('principal-limits.spend')
type Spend = (budget: RateBudget, amount: number) => Promise<void>
type WithSpend = FastifyRequest & { [SPEND]: Spend | null }

/**
 * Per-principal budgets (tenant + sub), counted after authentication, in preParsing: before a body is read, so
 * a principal over its budget cannot make the service parse large bodies. Separate budgets for reads, writes and
 * documents imported in bulk, all per RATE_LIMIT_WINDOW_S, shared by instances through the same counters as the
 * IP limit (Redis, with a per-process fallback).
 */
async function principalLimits (fastify: FastifyInstance, config: Config['rateLimit']): Promise<void> {
  const windowMs = config.windowS * 1000
  const max: Record<RateBudget, number> = { read: config.readMax, write: config.writeMax, bulk: config.bulkDocsMax }
  const unit: Record<RateBudget, string> = { read: 'reads', write: 'writes', bulk: 'documents' }

  async function spend (request: FastifyRequest, reply: FastifyReply, budget: RateBudget, amount: number, peek: boolean): Promise<void> {
    const { tenant, sub } = request.user
    const limit = max[budget]
    // A peek only asks whether one more unit would fit: a bulk request is refused before its body is read.
    const taken = await fastify.rateCounter.take(`p:${budget}:${tenant}:${sub}`, windowMs, amount, peek ? limit - 1 : limit)
    const state: RateState = { limit, remaining: Math.max(0, limit - taken.current), resetS: Math.max(1, Math.ceil(taken.ttl / 1000)) }
    if (taken.allowed) return setRateHeaders(reply, state)
    const per = `per ${config.windowS} s`
    throw rateLimited(amount > limit
      ? `${amount} ${unit[budget]} exceed the whole budget of ${limit} ${unit[budget]} ${per}; send fewer at a time`
      : amount > 1
        ? `${amount} ${unit[budget]} exceed the ${state.remaining} left of the budget of ${limit} ${unit[budget]} ${per}`
        : `Budget of ${limit} ${unit[budget]} ${per} exhausted for this principal`, state)
  }

  fastify.decorateRequest(SPEND, null)
  fastify.decorateRequest('chargeDocuments', async function chargeDocuments (this: FastifyRequest, count: number): Promise<void> {
    const charge = (this as WithSpend)[SPEND]
    if (charge === null) throw new Error('chargeDocuments is only available on authenticated routes')
    if (!Number.isSafeInteger(count) || count < 0) throw new TypeError(`chargeDocuments needs a count >= 0, got ${count}`)
    if (count > 0) await charge('bulk', count)
  })

  fastify.addHook('preParsing', async (request, reply) => {
    const auth = request.routeOptions.config.auth
    if (auth === undefined || auth === 'public') return
    const budget = budgetOf(request)
    const charging = request as WithSpend
    charging[SPEND] = (budget, amount) => spend(request, reply, budget, amount, false)
    await spend(request, reply, budget, budget === 'bulk' ? 0 : 1, budget === 'bulk')
  })
}

export const principalLimitsPlugin = fp(principalLimits, { name: 'principal-limits', dependencies: ['auth', 'rate-limit'] })
