import fp from 'fastify-plugin'
import fastifyJwt, { type FastifyJWTOptions } from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import type { Config } from '../config/load-config.ts'
import { ProblemError } from '../http/errors.ts'
import { hasRole, principalFromClaims, type Principal } from '../http/principal.ts'
import type { Role } from '../schemas/roles.ts'
import { VerifiedTokens } from '../http/verified-tokens.ts'
import { JwksCache, jwksKeyResolver } from './jwks.ts'

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Record<string, unknown>
    user: Principal
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Minimum role a route needs, or 'public'. Every route must say; the app refuses to start otherwise. */
    auth?: Role | 'public'
  }
}

export interface AuthOptions {
  jwt: Config['jwt']
}

/**
 * Bearer-token authentication and a role guard that every route declares through `config.auth`.
 * Tokens come only from the Authorization header: no cookie and no query parameter is ever read.
 * Algorithms are pinned by configuration (HS256 alone, or RS256/ES256 with a PEM key or a JWKS URL).
 */
async function auth (fastify: FastifyInstance, { jwt }: AuthOptions): Promise<void> {
  await fastify.register(fastifyJwt, {
    secret: verificationKey(fastify, jwt),
    // The whole token (header included) reaches the key callback: JWKS keys are chosen by `kid`.
    decode: { complete: true },
    verify: {
      algorithms: jwt.algorithms,
      // fast-jwt checks iss/aud only when present: configured ones are required too, or omitting them would pass.
      requiredClaims: ['exp', ...(jwt.issuers.length > 0 ? ['iss'] : []), ...(jwt.audiences.length > 0 ? ['aud'] : [])],
      clockTolerance: jwt.clockToleranceS * 1000,
      ...(jwt.issuers.length > 0 ? { allowedIss: jwt.issuers } : {}),
      ...(jwt.audiences.length > 0 ? { allowedAud: jwt.audiences } : {})
    }
  })

  // Verified tokens are remembered by their header (src/http/verified-tokens.ts), ahead of @fastify/jwt and fast-jwt.
  const verified = new VerifiedTokens(jwt.clockToleranceS * 1000)
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const required = route.config?.auth
    if (required === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no config.auth`)
    if (required === 'public') return
    // Route-level, so it runs after every root onRequest hook, the IP rate limit's included (see rate-limit.ts).
    route.onRequest = [authenticate(required, verified), ...toArray(route.onRequest)]
  })
}

function verificationKey (fastify: FastifyInstance, jwt: Config['jwt']): FastifyJWTOptions['secret'] {
  if (jwt.secret !== undefined) return jwt.secret
  // Verify-only: without a private key @fastify/jwt creates no signer.
  if (jwt.publicKey !== undefined) return { public: jwt.publicKey }
  if (jwt.jwksUrl === undefined) throw new Error('auth: no JWT key configured')
  const cache = new JwksCache({ url: jwt.jwksUrl, algorithms: jwt.algorithms, log: fastify.log })
  // Warm the cache without delaying the start: a slow or absent identity provider only delays the first tokens.
  fastify.addHook('onReady', async () => { cache.refresh().catch(() => {}) })
  fastify.addHook('onClose', async () => { cache.close() })
  return { public: jwksKeyResolver(cache, jwt.issuers) }
}

function authenticate (required: Role, verified: VerifiedTokens) {
  return async function authGuard (request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization
    const principal = (header === undefined ? undefined : verified.get(header, Date.now())) ?? await verify(request, header, verified)
    request.user = principal
    if (!hasRole(principal, required)) {
      throw new ProblemError('FORBIDDEN', `This operation needs the role '${required}'`)
    }
  }
}

/** The full check of a token not remembered (or no longer trusted): signature, algorithm, claims. */
async function verify (request: FastifyRequest, header: string | undefined, verified: VerifiedTokens): Promise<Principal> {
  try {
    const claims = await request.jwtVerify<Record<string, unknown>>()
    const principal = principalFromClaims(claims)
    if (header !== undefined) verified.set(header, principal, claims, Date.now())
    return principal
  } catch (error) {
    // The reason goes to the log for operators; the client learns only that the token was refused.
    request.log.info({ reason: (error as { code?: string }).code ?? (error as Error).message }, 'token refused')
    throw unauthorized(error)
  }
}

function unauthorized (error: unknown): ProblemError {
  const code = (error as { code?: string }).code ?? ''
  const detail = code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER' || code === 'FST_JWT_BAD_REQUEST'
    ? 'Send a bearer token in the Authorization header'
    : code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED'
      ? 'The token has expired'
      : error instanceof ProblemError ? error.message : 'The token is not valid'
  return new ProblemError('UNAUTHORIZED', detail, { headers: { 'www-authenticate': 'Bearer' } })
}

function toArray<T> (value: T | T[] | undefined): T[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

export const authPlugin = fp(auth, { name: 'auth' })
