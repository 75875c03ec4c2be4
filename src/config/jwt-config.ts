import type { Env } from './env-schema.ts'
import { isUrl } from './is-url.ts'

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256'

export interface JwtConfig {
  algorithms: JwtAlgorithm[]
  secret?: string
  publicKey?: string
  jwksUrl?: string
  issuers: string[]
  audiences: string[]
  clockToleranceS: number
}

/** The JWT settings, with the rules that keep them safe (pinned algorithms, never HS256 mixed with RS/ES). */
export function deriveJwt (env: Env, problems: string[], list: (v: string) => string[], publicKey: string | undefined): JwtConfig {
  const algorithms = list(env.JWT_ALGORITHMS)
  const unknown = algorithms.filter(a => !['HS256', 'RS256', 'ES256'].includes(a))
  if (algorithms.length === 0 || unknown.length > 0) problems.push(`JWT_ALGORITHMS accepts HS256, RS256, ES256 (got ${env.JWT_ALGORITHMS})`)
  const symmetric = algorithms.includes('HS256')
  // Mixing a shared secret with public-key algorithms invites algorithm-confusion attacks.
  if (symmetric && algorithms.length > 1) problems.push('JWT_ALGORITHMS must not mix HS256 with RS256/ES256')
  if (symmetric && env.JWT_SECRET === undefined) problems.push('JWT_SECRET is required when JWT_ALGORITHMS is HS256')
  if (symmetric && env.JWT_SECRET !== undefined && Buffer.byteLength(env.JWT_SECRET) < 32) problems.push('JWT_SECRET must be at least 32 bytes')
  if (!symmetric && (publicKey === undefined) === (env.JWT_JWKS_URL === undefined)) problems.push('RS256/ES256 need exactly one of JWT_PUBLIC_KEY or JWT_JWKS_URL')
  if (env.JWT_JWKS_URL !== undefined && !isUrl(env.JWT_JWKS_URL, ['https:', 'http:'])) problems.push(`JWT_JWKS_URL is not a URL: ${env.JWT_JWKS_URL}`)
  const issuers = list(env.JWT_ISSUER)
  if (env.JWT_JWKS_URL !== undefined && issuers.length === 0) problems.push('JWT_ISSUER (the issuer allow-list) is required with JWT_JWKS_URL')
  return {
    algorithms: algorithms as JwtAlgorithm[],
    ...(symmetric && env.JWT_SECRET !== undefined ? { secret: env.JWT_SECRET } : {}),
    ...(!symmetric && publicKey !== undefined ? { publicKey } : {}),
    ...(!symmetric && env.JWT_JWKS_URL !== undefined ? { jwksUrl: env.JWT_JWKS_URL } : {}),
    issuers,
    audiences: list(env.JWT_AUDIENCE),
    clockToleranceS: env.JWT_CLOCK_TOLERANCE_S
  }
}
