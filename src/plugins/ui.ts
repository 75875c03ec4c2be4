import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../http/errors.ts'
import { UI_ROOT } from '../ui-root.ts'

export interface UiOptions {
  enabled: boolean
  root?: string
}

// The build writes one flat folder of hashed names: anything else is not an asset, whatever the file system holds.
const ASSET_NAME = /^[A-Za-z0-9_-]+\.(?:js|css|map)$/
const YEAR_MS = 365 * 24 * 3600 * 1000

/**
 * The curators' web page: index.html at `/`, its scripts and styles under `/ui/`. Asset names carry a content
 * hash, so they are cached for a year as immutable while index.html is revalidated on every load (`no-cache`): a
 * new build reaches the next page load and never mixes with the assets of the old one. The routes are public
 * because the page holds no data: everything it shows comes from the API with the user's own token.
 * Registered unwrapped, so `reply.sendFile` stays inside this scope.
 */
export async function uiPlugin (fastify: FastifyInstance, { enabled, root = UI_ROOT }: UiOptions): Promise<void> {
  if (!enabled) return
  const built = existsSync(join(root, 'index.html'))
  // The API stays useful without its page, so a missing build is a warning, not a failed start.
  if (!built) fastify.log.warn({ root }, 'the web page is not built (node scripts/build-ui.ts): / answers 404')
  await fastify.register(fastifyStatic, { root, serve: false, preCompressed: true, index: false, dotfiles: 'deny' })

  const route = { config: { auth: 'public' as const }, schema: { hide: true } }
  fastify.get('/', route, async (_request, reply) => {
    if (!built) throw new ProblemError('ROUTE_NOT_FOUND', 'The web page is not built on this instance; the API under /v1 works without it')
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
  })
  fastify.get<{ Params: { '*': string } }>('/ui/*', route, async (request, reply) => {
    const name = request.params['*']
    if (!ASSET_NAME.test(name)) throw new ProblemError('ROUTE_NOT_FOUND', `No asset ${request.url.split('?')[0]}`)
    return reply.sendFile(name, { maxAge: YEAR_MS, immutable: true })
  })
}
