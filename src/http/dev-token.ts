import { randomUUID } from 'node:crypto'
import { createSigner } from 'fast-jwt'
import type { Config } from '../config/load-config.ts'
import type { Role } from '../schemas/roles.ts'

export interface DevTokenClaims {
  tenant: string
  roles: Role[]
  sub?: string
  ttlS?: number
}

/**
 * Signs an HS256 token with the configured secret, issuer and audience: for development, demos, tests and the
 * operator command (scripts/token.ts). Production deployments use RS256/ES256 tokens from their identity provider.
 * No checks on the claims here: tests need expired or odd tokens; the operator command validates its input.
 */
export function signDevToken (jwt: Config['jwt'], claims: DevTokenClaims): string {
  if (jwt.secret === undefined) throw new Error('signing needs JWT_SECRET (HS256); production tokens come from your identity provider')
  const sign = createSigner({
    key: jwt.secret,
    algorithm: 'HS256',
    expiresIn: (claims.ttlS ?? 3600) * 1000,
    // A unique id lets a log line or a revocation list name one token without quoting it.
    jti: randomUUID(),
    ...(jwt.issuers[0] !== undefined ? { iss: jwt.issuers[0] } : {}),
    ...(jwt.audiences[0] !== undefined ? { aud: jwt.audiences[0] } : {})
  })
  return sign({ sub: claims.sub ?? `${claims.tenant}-user`, tenant: claims.tenant, roles: claims.roles })
}
