import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import type { Config } from './config/load-config.ts'

/** In-flight requests get this long to finish on SIGTERM before the process exits anyway. */
const GRACE_MS = 10_000

/** Builds the app, listens, and closes gracefully on SIGTERM/SIGINT: in-flight requests finish, new ones get 503. */
export async function start (config: Config): Promise<FastifyInstance> {
  const app = await buildApp(config)
  closeWithGrace({ delay: GRACE_MS }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an unexpected error')
    else app.log.info({ signal }, 'closing gracefully')
    await app.close()
  })
  await app.listen({ host: config.host, port: config.port })
  return app
}
