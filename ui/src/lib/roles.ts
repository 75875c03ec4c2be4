import type { Me } from '../api/types.ts'

// The API's ranking (src/http/principal.ts ROLE_RANK): each role includes the ones below it.
const RANK = { reader: 1, ingester: 2, admin: 3 } as const satisfies Record<Me['roles'][number], number>

/** Whether the page offers an action; the API decides in the end (a 403 names the role it needs). */
export function can (me: Me, role: keyof typeof RANK): boolean {
  return me.roles.some(held => RANK[held] >= RANK[role])
}
