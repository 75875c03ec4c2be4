import { ProblemError } from './errors.ts'

export const ROLES = ['reader', 'ingester', 'admin'] as const
export type Role = typeof ROLES[number]

/** Each role includes the ones ranked below it. */
export const ROLE_RANK: Record<Role, number> = { reader: 1, ingester: 2, admin: 3 }

export interface Principal {
  sub: string
  tenant: string
  roles: Role[]
}

export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** The verified token's claims become the principal; the tenant comes from nowhere else. */
export function principalFromClaims (claims: Record<string, unknown>): Principal {
  const { sub, tenant, roles } = claims
  if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) {
    throw new ProblemError('UNAUTHORIZED', 'The token\'s tenant claim is missing or malformed')
  }
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) {
    throw new ProblemError('UNAUTHORIZED', 'The token\'s sub claim is missing or malformed')
  }
  const granted = Array.isArray(roles) ? roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r)) : []
  return { sub, tenant, roles: granted }
}
