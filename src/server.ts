import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config/load-config.ts'

/** Thin shell: configuration, listen, and a graceful close on SIGTERM/SIGINT. Everything else is in buildApp. */
async function main (): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(78) // EX_CONFIG
  }
  const app = await buildApp(config)
  app.server.headersTimeout = 10_000
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an unexpected error')
    else app.log.info({ signal }, 'closing gracefully')
    await app.close()
  })
  await app.listen({ host: config.host, port: config.port })
}

await main()
