import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import type { Config } from '../config/load-config.ts'
import { ProblemError } from '../http/errors.ts'
import { principalFromClaims, ROLE_RANK, type Principal, type Role } from '../http/principal.ts'

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
 * Bearer-token authentication (tokens only from the Authorization header) and a role guard that every route
 * declares through `config.auth`.
 */
async function auth (fastify: FastifyInstance, { jwt }: AuthOptions): Promise<void> {
  const key = jwt.secret ?? jwt.publicKey
  if (key === undefined) throw new Error('auth: no JWT key configured')
  await fastify.register(fastifyJwt, {
    secret: key,
    verify: {
      algorithms: jwt.algorithms,
      requiredClaims: ['exp'],
      clockTolerance: jwt.clockToleranceS * 1000,
      ...(jwt.issuers.length > 0 ? { allowedIss: jwt.issuers } : {}),
      ...(jwt.audiences.length > 0 ? { allowedAud: jwt.audiences } : {})
    },
    formatUser: principalFromClaims
  })

  fastify.addHook('onRoute', (route: RouteOptions) => {
    const required = route.config?.auth
    if (required === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no config.auth`)
    if (required === 'public') return
    route.onRequest = [authenticate(required), ...toArray(route.onRequest)]
  })
}

function authenticate (required: Role) {
  return async function guard (request: FastifyRequest): Promise<void> {
    try {
      await request.jwtVerify()
    } catch (error) {
      throw unauthorized(error)
    }
    const principal = request.user
    if (!principal.roles.some(role => ROLE_RANK[role] >= ROLE_RANK[required])) {
      throw new ProblemError('FORBIDDEN', `This operation needs the role '${required}'`)
    }
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
