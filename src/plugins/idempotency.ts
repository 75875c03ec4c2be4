import { hash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ProblemError } from '../http/errors.ts'
import { canonicalJson } from '../search/canonical-json.ts'
import { IdempotencyStore, type Claim } from '../search/idempotency/idempotency-store.ts'

/** What a write needs of its attempt: the time it writes with, and whether an earlier attempt may have been applied. */
export interface WriteAttempt {
  now: Date
  settle: boolean
}

type Run<T> = (attempt: WriteAttempt) => Promise<T>

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Runs a write under the request's Idempotency-Key (none: just runs it): a retry with the same key and request
     * gets the first outcome again, another request with the key a 422, a retry while the first runs a 409.
     */
    idempotent: <T>(request: FastifyRequest, reply: FastifyReply, run: Run<T>) => Promise<T | FastifyReply>
  }
  interface FastifyRequest {
    idempotencyClaim?: Claim
  }
}

/** The headers a replay repeats: what the first answer said about the resource, not per-response ones. */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location']

/** The draft's key is a Structured Field string ("…"); a bare token is taken too. Charset: the header schema's. */
function keyOf (header: string): string {
  return header.startsWith('"') && header.endsWith('"') ? header.slice(1, -1) : header
}

/**
 * What makes two requests the same request: method, path (the query only says whether to wait for a refresh),
 * preconditions, media type and body — a JSON body canonical (key order does not count), a bulk body as sent.
 */
function fingerprint (request: FastifyRequest): string {
  const body = typeof request.body === 'string' ? request.body : canonicalJson(request.body ?? null)
  return hash('sha256', canonicalJson({
    method: request.method,
    path: request.url.split('?')[0],
    ifMatch: request.headers['if-match'] ?? null,
    ifNoneMatch: request.headers['if-none-match'] ?? null,
    type: (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
    body
  }), 'base64url')
}

async function idempotency (fastify: FastifyInstance): Promise<void> {
  const store = new IdempotencyStore(fastify.redis, {
    ttlMs: fastify.config.idempotency.ttlS * 1000,
    // Longer than any attempt can run: a settling read, the alias read, the write and its one resend, each bounded
    // by the request timeout of Elasticsearch.
    leaseMs: 4 * fastify.config.elasticsearch.requestTimeoutMs + 5000
  })

  fastify.decorate('idempotent', async function <T> (request: FastifyRequest, reply: FastifyReply, run: Run<T>): Promise<T | FastifyReply> {
    const header = request.headers['idempotency-key']
    if (typeof header !== 'string') return await run({ now: new Date(), settle: false })
    let begun
    try {
      begun = await store.begin(request.user.tenant, keyOf(header), fingerprint(request))
    } catch (error) {
      request.log.warn({ err: error }, 'idempotency: redis unavailable, write refused')
      throw new ProblemError('IDEMPOTENCY_UNAVAILABLE', 'The store of idempotency keys is unavailable, so this write was not run; retry after Retry-After seconds (or send it without Idempotency-Key, without replay protection)',
        { headers: { 'retry-after': '5' } })
    }
    if (begun.kind === 'reused') {
      throw new ProblemError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request (method, path, If-Match, If-None-Match or body differ); use a new key for a new request')
    }
    if (begun.kind === 'in-flight') {
      throw new ProblemError('IDEMPOTENCY_IN_FLIGHT', 'A request with this Idempotency-Key is still being processed; retry after Retry-After seconds to get its outcome',
        { headers: { 'retry-after': '1' } })
    }
    if (begun.kind === 'replay') {
      const { status, headers, body } = begun.response
      return reply.code(status).headers(headers).header('idempotent-replayed', 'true').send(body === '' ? null : body)
    }
    request.idempotencyClaim = begun.claim
    return await run({ now: begun.at, settle: begun.settle })
  })

  // The outcome is recorded before the answer leaves, so a retry that follows it is a replay, never a 409.
  fastify.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim
    if (claim === undefined) return payload
    request.idempotencyClaim = undefined
    const body = payload === null || payload === undefined ? '' : typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : null
    try {
      if (reply.statusCode >= 500 || body === null) {
        await store.abandon(claim)
      } else {
        const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap(name => {
          const value = reply.getHeader(name)
          return value === undefined ? [] : [[name, String(value)]]
        }))
        await store.finish(claim, { status: reply.statusCode, headers, body })
      }
    } catch (error) {
      // The answer still goes out (the write was done); a retry after the lease runs again and recognizes it.
      request.log.warn({ err: error }, 'idempotency: outcome not recorded')
    }
    return payload
  })
}

export const idempotencyPlugin = fp(idempotency, { name: 'idempotency', dependencies: ['redis'] })
