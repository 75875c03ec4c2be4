import { createHmac } from 'node:crypto'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'

/** Shared by the security tests: JWT crafting and route walking. */

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
export const now = () => Math.floor(Date.now() / 1000)

/** A token built by hand, so that a test can forge what no well-behaved signer would produce. */
export function handmade (header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => string = () => ''): string {
  const input = `${b64url(header)}.${b64url(payload)}`
  return `${input}.${sign(input)}`
}

export const hmac = (alg: 'sha256' | 'sha384' | 'sha512', key: string | Buffer) =>
  (input: string) => createHmac(alg, key).update(input).digest('base64url')

export interface WalkedRoute { method: string, path: string, constraints?: Record<string, string> }

/**
 * Every route the router holds, read from `printRoutes()` (the default tree: each line a path segment under its
 * parent, with the methods in parentheses). The flattened `commonPrefix: false` view loses wildcard routes.
 */
export function registeredRoutes (app: FastifyInstance): WalkedRoute[] {
  const routes: WalkedRoute[] = []
  const stack: string[] = []
  for (const line of app.printRoutes().split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?(?: (\{.*\}))?$/.exec(line)
    if (match === null) continue
    const depth = match[1]!.length / 4
    stack.length = depth
    stack.push(match[2] === '(empty root node)' ? '' : match[2]!)
    if (match[3] === undefined) continue
    const constraints = match[4] === undefined ? undefined : JSON.parse(match[4]) as Record<string, string>
    for (const method of match[3].split(', ')) routes.push({ method, path: stack.join(''), ...(constraints === undefined ? {} : { constraints }) })
  }
  return routes
}

/** A concrete URL for a route path: every parameter and wildcard filled with a harmless value. */
export function concrete (path: string): string {
  const filled = path.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, 'x').replace(/\*/g, 'x')
  return filled.startsWith('/') ? filled : `/${filled}`
}

export async function injectRoute (app: FastifyInstance, route: WalkedRoute, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const extra: Record<string, string> = {}
  if (route.constraints?.version !== undefined) extra['accept-version'] = route.constraints.version
  if (route.constraints?.host !== undefined) extra.host = route.constraints.host
  return app.inject({ method: route.method as InjectOptions['method'], url: concrete(route.path), headers: { ...extra, ...headers } })
}
