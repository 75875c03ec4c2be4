import type { FastifyRequest } from 'fastify'

export type RateBudget = 'read' | 'write' | 'bulk'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The principal's budget a request spends. Default: GET/HEAD → read, other methods → write. A `bulk` route
     * spends no request budget; it calls `request.chargeDocuments(n)` once it knows how many documents it got.
     */
    rateBudget?: RateBudget
  }
}

/** The budget a request spends: read by the limits plugin and by the rate-limit metrics alike. */
export function budgetOf (request: FastifyRequest): RateBudget {
  const declared = request.routeOptions.config.rateBudget
  if (declared !== undefined) return declared
  return request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write'
}
