/**
 * Builds the next index version, copies (and re-normalizes) every document, and swaps the read and write aliases
 * atomically while the service keeps answering; then invalidates every cached answer (USAGE below).
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config/load-config.ts'
import { createEsClient } from '../src/clients/elasticsearch.ts'
import { createRedis } from '../src/clients/redis.ts'
import { invalidateAll } from '../src/search/cache/invalidate-all.ts'
import { indexNames } from '../src/search/index/index-names.ts'
import { migrate } from '../src/search/index/migrate.ts'

const USAGE = `usage: npm run migrate [-- --keep-old] [-- --force]   (node scripts/migrate.ts …)

Builds the next version of the index (<ES_INDEX_PREFIX>-analyses-v<N+1>), copies and re-normalizes every
analysis into it, moves the read and write aliases to it in one step while the service keeps answering, and
invalidates every cached answer. Configuration from the environment (ES_URL, ES_INDEX_PREFIX, REDIS_URL, …), as
for npm start.

  --keep-old           keep the previous version after the swap (default: delete it)
  --force              replace a leftover next version of an interrupted migration (default: stop)
  --help               this text

exit code: 0 migrated (the report is printed as JSON), 1 failed, 2 bad arguments`

let values
try {
  values = parseArgs({ options: { 'keep-old': { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }).values
} catch (error) {
  process.stderr.write(`migrate: ${(error as Error).message}\n${USAGE}\n`)
  process.exit(2)
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}
const config = loadConfig()
const es = createEsClient(config.elasticsearch)
const redis = createRedis(config.redis)
redis.on('error', () => {})
try {
  const report = await migrate(es, indexNames(config.elasticsearch.indexPrefix), {
    shards: config.elasticsearch.shards,
    replicas: config.elasticsearch.replicas,
    waitForActiveShards: config.elasticsearch.waitForActiveShards,
    keepOld: values['keep-old'],
    force: values.force,
    log: message => process.stderr.write(`migrate: ${message}\n`)
  })
  await invalidateAll(redis).catch(error => {
    process.stderr.write(`migrate: could not invalidate the cache (${(error as Error).message}); cached answers expire by their TTL\n`)
  })
  process.stdout.write(`${JSON.stringify(report)}\n`)
} catch (error) {
  process.stderr.write(`migrate failed: ${(error as Error).message}\n`)
  process.exitCode = 1
} finally {
  await es.close()
  redis.disconnect()
}
