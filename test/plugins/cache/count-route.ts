import type { FastifyInstance } from 'fastify'

/** A `/__test/count` route counting the tenant's documents through the cache, the way search routes use it. */
export function countRoute (app: FastifyInstance, computed: { runs: number } = { runs: 0 }, delayMs = 0): void {
  app.get<{ Querystring: { pad?: string } }>('/__test/count', { config: { auth: 'reader' } }, async (request, reply) => {
    const tenant = request.user.tenant
    return app.cachedRead(request, reply, {
      kind: 'search',
      key: { route: 'count', pad: request.query.pad },
      compute: async () => {
        computed.runs++
        const { count } = await request.es.count({ index: app.indices.read, routing: tenant, query: { term: { tenant } } })
        if (delayMs > 0) await new Promise(resolve => setTimeout(resolve, delayMs))
        return { count, pad: 'x'.repeat(Number(request.query.pad ?? 0)) }
      }
    })
  })
}
