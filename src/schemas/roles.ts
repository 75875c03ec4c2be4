/** The roles a token can carry; each includes the ones before it (src/http/principal.ts ranks them). */
export const ROLES = ['reader', 'ingester', 'admin'] as const
export type Role = typeof ROLES[number]
