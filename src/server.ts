import { ConfigError, loadConfig, type Config } from './config/load-config.ts'
import { start } from './start.ts'

/** Reads the configuration or exits with one message listing every problem (exit code 78, EX_CONFIG). */
export function configOrExit (): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(78)
  }
}

if (import.meta.main) await start(configOrExit())
