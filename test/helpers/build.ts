import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { Redis } from 'ioredis'
import { buildApp } from '../../src/app.ts'
import { createEsClient } from '../../src/clients/elasticsearch.ts'
import { loadConfig, type Config } from '../../src/config/load-config.ts'
import { signDevToken, type DevTokenClaims } from '../../src/http/dev-token.ts'
import { indexNames } from '../../src/search/index/index-names.ts'
import { dropIndices } from './indices.ts'
import { unlinkMatching } from './redis-keys.ts'

export const TEST_SECRET = 'a-test-secret-of-at-least-thirty-two-bytes'
export const ES_URL = process.env.ES_URL ?? 'http://127.0.0.1:9200'
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** What build() needs of a test: its name (for unique prefixes) and its teardown. */
type Teardown = Pick<Test, 'teardown' | 'name'>

/** A name unique to this test file and run, so test files can share Elasticsearch and Redis in parallel. */
export function uniquePrefix (label: string): string {
  const safe = basename(label).replace(/\.test\.ts$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 24)
  return `t-${safe}-${randomBytes(3).toString('hex')}`
}

export function testEnv (label: string, overrides: Record<string, string> = {}): Record<string, string> {
  const prefix = uniquePrefix(label)
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ES_URL,
    REDIS_URL,
    JWT_SECRET: TEST_SECRET,
    ES_INDEX_PREFIX: prefix,
    REDIS_KEY_PREFIX: `${prefix}:`,
    // A loaded CI machine stalls event loops for long stretches; tests that are not about load shedding must not
    // see those stalls as 503s (test/app/load-shedding.test.ts sets its own thresholds).
    SHED_EVENT_LOOP_DELAY_MS: '0',
    ...overrides
  }
}

export function testConfig (label: string, overrides: Record<string, string> = {}): Config {
  return loadConfig(testEnv(label, overrides))
}

/**
 * Builds the real app on the real Elasticsearch and Redis with names unique to the caller, and removes its
 * indices and keys when the test ends.
 */
export async function build (t: Teardown, overrides: Record<string, string> = {}, extend?: Extend): Promise<FastifyInstance> {
  return buildWith(t, testConfig(t.name, overrides), extend)
}

/** Lets a test add its own routes (through the same guards) before the app is ready. */
type Extend = (app: FastifyInstance) => void | Promise<void>

export async function buildWith (t: Teardown, config: Config, extend?: Extend): Promise<FastifyInstance> {
  const app = await buildApp(config)
  t.teardown(async () => {
    await dropIndices(app.es, app.indices).catch(() => {})
    // Closing applies the cache's pending generation bumps: keys are deleted after it, or they would outlive the test.
    await app.close()
    await deleteKeys(config.redis.keyPrefix).catch(() => {})
  })
  await extend?.(app)
  await app.ready()
  return app
}

export function tokenFor (app: FastifyInstance | Config, claims: DevTokenClaims): string {
  const config = 'cursorSecret' in app ? app : app.config
  return signDevToken(config.jwt, claims)
}

export function bearer (app: FastifyInstance | Config, claims: DevTokenClaims): Record<string, string> {
  return { authorization: `Bearer ${tokenFor(app, claims)}` }
}

/** Removes the indices and keys of a configuration whose service the test ran itself (a child process, not build()). */
export async function removeTestData (config: Config): Promise<void> {
  const es = createEsClient(config.elasticsearch)
  try {
    await dropIndices(es, indexNames(config.elasticsearch.indexPrefix))
  } finally {
    await es.close()
  }
  await deleteKeys(config.redis.keyPrefix)
}

export async function deleteKeys (prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  try {
    await unlinkMatching(redis, `${prefix}*`)
  } finally {
    redis.disconnect()
  }
}
