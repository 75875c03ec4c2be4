import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../http/errors.ts'

/**
 * Once closing starts, requests still arriving on open connections get a 503 problem (Fastify's built-in 503
 * is not problem+json), while requests already in flight run to completion before the server closes.
 */
async function gracefulClose (fastify: FastifyInstance): Promise<void> {
  let closing = false
  fastify.addHook('preClose', async () => { closing = true })
  fastify.addHook('onRequest', async (_request, reply) => {
    if (!closing) return
    reply.header('connection', 'close')
    throw new ProblemError('SHUTTING_DOWN', 'The instance is shutting down; retry on another one',
      { headers: { 'retry-after': '1' } })
  })
}

export const gracefulClosePlugin = fp(gracefulClose, { name: 'graceful-close' })
