import { ROLES, type Role } from '../schemas/roles.ts'
import { ProblemError } from './errors.ts'

/** Each role includes the ones ranked below it. */
const ROLE_RANK: Record<Role, number> = { reader: 1, ingester: 2, admin: 3 }

export interface Principal {
  sub: string
  tenant: string
  roles: Role[]
}

/** True when one of the principal's roles ranks at least as high as `required`. */
export function hasRole (principal: Principal, required: Role): boolean {
  return principal.roles.some(role => ROLE_RANK[role] >= ROLE_RANK[required])
}

export function isRole (value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value)
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
  // Refused whole, never filtered: a claim that is not exactly a list of this service's role names belongs to a
  // token minted for something else (or tampered with), and granting the recognisable part of it would be a guess.
  if (!Array.isArray(roles) || !roles.every(isRole)) {
    throw new ProblemError('UNAUTHORIZED', 'The token\'s roles claim is missing or malformed')
  }
  return { sub, tenant, roles }
}
