import { isIPv6 } from 'node:net'
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Config } from '../config/load-config.ts'
import { ProblemError } from '../http/errors.ts'
import { FallbackCounter, limitStore } from './rate-limit-store.ts'

declare module 'fastify' {
  interface FastifyInstance {
    rateCounter: FallbackCounter
  }
}

/** One budget's state, as the IETF RateLimit fields carry it (reset in seconds from now). */
export interface RateState { limit: number, remaining: number, resetS: number }

/**
 * Writes RateLimit-Limit/-Remaining/-Reset. Several budgets apply to one request (the IP, then the principal);
 * the fields describe the one closest to exhaustion (smallest remaining share). A refused request gets those of
 * the budget that refused it from its 429 problem (rateLimited).
 */
export function setRateHeaders (reply: FastifyReply, state: RateState): void {
  const limit = Number(reply.getHeader('ratelimit-limit'))
  const remaining = Number(reply.getHeader('ratelimit-remaining'))
  if (limit > 0 && remaining / limit < state.remaining / state.limit) return
  reply.header('ratelimit-limit', state.limit)
  reply.header('ratelimit-remaining', state.remaining)
  reply.header('ratelimit-reset', state.resetS)
}

/** The 429 problem, carrying Retry-After and the RateLimit fields of the budget that refused the request. */
export function rateLimited (detail: string, state: RateState): ProblemError {
  return new ProblemError('RATE_LIMITED', detail, {
    headers: {
      'retry-after': String(state.resetS),
      'ratelimit-limit': String(state.limit),
      'ratelimit-remaining': String(state.remaining),
      'ratelimit-reset': String(state.resetS)
    }
  })
}

/** IPv6 clients are counted per /64: one host usually owns a whole /64, so per-address buckets are free to dodge. */
export function ipBucket (ip: string): string {
  // Every IPv6 form has a colon, no IPv4 one does: most requests skip isIPv6's long regular expression.
  if (!ip.includes(':') || !isIPv6(ip)) return ip
  const address = ip.split('%')[0]!.toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)
  if (mapped !== null) return mapped[1]!
  const [head = '', tail] = address.split('::')
  const groups = (part: string) => part === '' ? [] : part.split(':').flatMap(g => g.includes('.') ? ['0', '0'] : [g])
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const full = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return `${full.slice(0, 4).map(g => parseInt(g, 16).toString(16)).join(':')}::/64`
}

/**
 * Per-IP limit, counted by @fastify/rate-limit's own request handler (keys, counting through the lease store,
 * RateLimit fields, the 429 built by errorResponseBuilder) run as a ROOT onRequest hook: root hooks run before every
 * route-level hook, so a request is counted (and a flood cut with 429) before its token is even looked at, and 404s
 * and routes registered before this plugin (the docs) count too; the library's own per-route registration would
 * reach neither. Counters live in Redis (shared by all instances) with a per-process fallback while Redis is away.
 * Routes opt out with `config.rateLimit: false` (health probes).
 *
 * A request this process's lease pays is counted in the hook itself, without the library's chain of promises: the
 * same key, the same count, the same fields (through setRateHeaders, which writes what the library writes when no
 * budget has written before) and the same 429. Everything else (no lease, Redis away) goes through the library.
 */
async function rateLimits (fastify: FastifyInstance, config: Config['rateLimit']): Promise<void> {
  const counter = new FallbackCounter(fastify.redis)
  fastify.decorate('rateCounter', counter)
  const max = config.ipMax
  const refusal = (ttl: number) => rateLimited(`Rate limit of ${max} requests per ${config.windowS} s exceeded for this client address`,
    { limit: max, remaining: 0, resetS: Math.max(1, Math.ceil(ttl / 1000)) })
  await fastify.register(rateLimit, {
    global: false,
    max,
    timeWindow: config.windowS * 1000,
    store: limitStore(counter, IP_PREFIX, config.windowS * 1000),
    enableDraftSpec: true,
    keyGenerator: request => ipBucket(request.ip),
    errorResponseBuilder: (_request, context) => refusal(context.ttl)
  })
  const limitIp = fastify.rateLimit()
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.rateLimit === false) { done(); return }
    const leased = counter.leased(`${IP_PREFIX}:${ipBucket(request.ip)}`, 1)
    if (leased === null) { limitIp.call(fastify, request, reply).then(() => { done() }, done); return }
    if (leased.current > max) { done(refusal(leased.ttl)); return }
    setRateHeaders(reply, { limit: max, remaining: Math.max(0, max - leased.current), resetS: Math.max(1, Math.ceil(leased.ttl / 1000)) })
    done()
  })
}

/** The IP limit's keys in the shared counter (`ip:<address or /64>`), the library's and the hook's alike. */
const IP_PREFIX = 'ip'

export const rateLimitPlugin = fp(rateLimits, { name: 'rate-limit', dependencies: ['redis'] })
