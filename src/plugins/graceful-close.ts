import type { Server } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../http/errors.ts'

/** How long at most a closing server keeps its listener and connections, answering 503, before it closes them. */
export const DRAIN_MS = 1000

/** The drain ends early once no connection is open and none was opened for this long. */
const QUIET_MS = 100

export interface GracefulCloseOptions { drainMs?: number }

/**
 * Once closing starts, requests still arriving on open connections get a 503 problem (Fastify's built-in 503
 * is not problem+json) with `Connection: close`, while requests already in flight run to completion.
 *
 * Idle keep-alive connections are not closed at once: a client may be writing a request on one at that very
 * moment, and closing under it is a reset (ECONNRESET), not an answer. Nor is the listener: the kernel resets the
 * connections it accepted but the server had not read yet when the listener closes. So both are kept for a drain
 * period: a request sent meanwhile, on a kept-alive or a new connection, gets the 503 and the connection closes
 * after it, the client knowing why. The drain ends once no connection is open and none was opened for QUIET_MS
 * (clients told `Retry-After: 1` are waiting by then), at the latest after DRAIN_MS. Only then does Fastify close
 * the server, and with it the connections still idle. /readyz answers 503 too during the drain, so a load balancer
 * stops sending.
 */
async function gracefulClose (fastify: FastifyInstance, options: GracefulCloseOptions): Promise<void> {
  const drainMs = options.drainMs ?? DRAIN_MS
  let closing = false
  let lastConnection = 0
  fastify.server.on('connection', () => { lastConnection = performance.now() })
  fastify.addHook('preClose', async () => {
    closing = true
    if (fastify.server.listening) await drained(fastify.server, drainMs, () => lastConnection)
  })
  // Callback style, not async: every request passes here, and an async hook costs each one a promise.
  fastify.addHook('onRequest', (_request, reply, done) => {
    if (!closing) { done(); return }
    reply.header('connection', 'close')
    // `state` as /readyz words it (its 503 schema requires one), harmless on any other route's problem.
    done(new ProblemError('SHUTTING_DOWN', 'The instance is shutting down; retry on another one',
      { headers: { 'retry-after': '1' }, extensions: { state: 'shutting_down' } }))
  })
}

/** Resolves once the server has no connection left and none came for QUIET_MS, or after `ms`. */
async function drained (server: Server, ms: number, lastConnection: () => number): Promise<void> {
  const deadline = performance.now() + ms
  const open = async () => await new Promise<number>(resolve => { server.getConnections((error, count) => { resolve(error instanceof Error ? 0 : count) }) })
  const quiet = async () => performance.now() - lastConnection() >= QUIET_MS && await open() === 0
  while (performance.now() < deadline && !await quiet()) await sleep(10)
}

export const gracefulClosePlugin = fp(gracefulClose, { name: 'graceful-close' })
