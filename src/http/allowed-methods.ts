/**
 * The methods each registered path answers, so that a known path asked with another method gets 405 and an
 * `Allow` header (RFC 9110 §15.5.6) instead of the router's 404, which would tell the client to check a URL that
 * is right. Patterns are Fastify's (`:param` is one segment, a trailing `*` is the rest); OPTIONS is left out, as
 * the CORS plugin answers it on every path.
 */
export class AllowedMethods {
  readonly #routes: Array<{ pattern: RegExp, methods: Set<string> }> = []

  add (method: string | string[], url: string): void {
    const methods = [method].flat().filter(name => name !== 'OPTIONS')
    // A catch-all (the CORS preflight route) would make every unknown path look known.
    if (methods.length === 0 || url === '*' || url === '/*') return
    const source = url.split('/').map(segment => segment.startsWith(':')
      ? '[^/]+'
      : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('/')
    const existing = this.#routes.find(route => route.pattern.source === `^${source}$`)
    if (existing !== undefined) for (const name of methods) existing.methods.add(name)
    else this.#routes.push({ pattern: new RegExp(`^${source}$`), methods: new Set(methods) })
  }

  /** The methods `path` (no query string) answers, sorted; empty when no route has that path. */
  of (path: string): string[] {
    const methods = new Set<string>()
    for (const route of this.#routes) if (route.pattern.test(path)) for (const name of route.methods) methods.add(name)
    return [...methods].sort()
  }
}
