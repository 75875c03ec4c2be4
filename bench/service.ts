import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { loadConfig, type Config } from '../src/config/load-config.ts'
import { signDevToken } from '../src/http/dev-token.ts'
import { createEsClient } from '../src/clients/elasticsearch.ts'
import { ROOT, spawnNode, type Child } from './processes.ts'

/** Connection settings passed on from the bench's environment to the processes it starts. */
const PASSED_ON = ['PATH', 'HOME', 'LANG', 'TZ', 'ES_URL', 'ES_API_KEY', 'ES_USERNAME', 'ES_PASSWORD', 'ES_CA_CERT', 'REDIS_URL']

export interface Setup {
  /** Index and key prefix of this bench run (indices `<prefix>-…`, Redis keys `<prefix>:…`). */
  prefix: string
  /** Checkout whose src/server.ts is the service, and extra Node flags for it. */
  serviceRoot: string
  nodeArgs: string[]
  /** HS256 secret shared with the service children, new for each bench run. */
  secret: string
  config: Config
}

export function setup (prefix: string, serviceRoot: string = ROOT, nodeArgs: string[] = []): Setup {
  const secret = randomBytes(32).toString('base64url')
  // The bench's own client (corpus loading, scratch indices) waits longer than a request of the service does.
  const config = loadConfig({ ...baseEnv(), JWT_SECRET: secret, ES_INDEX_PREFIX: prefix, REDIS_KEY_PREFIX: `${prefix}:`, ES_REQUEST_TIMEOUT_MS: '120000' })
  return { prefix, serviceRoot, nodeArgs, secret, config }
}

function baseEnv (): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of PASSED_ON) if (process.env[name] !== undefined && process.env[name] !== '') env[name] = process.env[name]!
  return env
}

export function benchClients (s: Setup) {
  return {
    es: createEsClient(s.config.elasticsearch),
    redis: new Redis(s.config.redis.url, { maxRetriesPerRequest: 1 })
  }
}

/**
 * The service as production runs it (`node --import … src/server.ts`, NODE_ENV=production, logs at warn, no
 * metrics, no tracing) with every rate
 * limit out of the way (10^6 per 1 s window) and cache lifetimes of an hour, so that no entry expires or turns
 * stale while a scenario runs. `indexPrefix` gives the instance its own indices.
 */
function serviceEnv (s: Setup, indexPrefix: string): Record<string, string> {
  return {
    ...baseEnv(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_ALGORITHMS: 'HS256',
    JWT_SECRET: s.secret,
    ES_INDEX_PREFIX: indexPrefix,
    REDIS_KEY_PREFIX: `${s.prefix}:${indexPrefix === s.prefix ? '' : 'x:'}`,
    RATE_LIMIT_WINDOW_S: '1',
    RATE_LIMIT_IP_MAX: '1000000',
    RATE_LIMIT_READ_MAX: '1000000',
    RATE_LIMIT_WRITE_MAX: '1000000',
    RATE_LIMIT_BULK_DOCS_MAX: '100000000',
    CACHE_TTL_S: '3600',
    DASHBOARD_FRESH_S: '3600',
    // The dashboard of a 1M-document tenant takes seconds on two cores: more than the default 10 s must be allowed.
    ES_REQUEST_TIMEOUT_MS: '60000'
  }
}

export interface ServiceOptions {
  /** Directory for `node --cpu-prof` output; no profiling when absent. */
  profileDir?: string
  /** Prometheus metrics on (a listener on a free port), as `--metrics` compares; off by default, as in production. */
  metrics?: boolean
}

/** The preload production runs (npm start, the Dockerfile): it starts nothing without OTEL_* variables. */
const PRELOAD = ['--import', './src/telemetry/register.ts']

export async function startService (s: Setup, indexPrefix: string, options: ServiceOptions = {}): Promise<Child> {
  const profile = options.profileDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []
  const nodeArgs = [...s.nodeArgs, ...PRELOAD, ...profile]
  const env = { ...serviceEnv(s, indexPrefix), ...(options.metrics === true ? { METRICS_PORT: '0' } : {}) }
  return await spawnNode({ name: `service ${indexPrefix}${options.metrics === true ? ' (metrics on)' : ''}`, cwd: s.serviceRoot, script: join(s.serviceRoot, 'src/server.ts'), env, readyPath: '/readyz', nodeArgs })
}

/** What the limit server connects with: the settings the bench resolved from its environment, as the service does. */
export interface BareClients { elasticsearch: Config['elasticsearch'], redisUrl: string }

export async function startBare (s: Setup, searchRequest: unknown): Promise<Child> {
  const clients: BareClients = { elasticsearch: { ...s.config.elasticsearch, requestTimeoutMs: 10_000 }, redisUrl: s.config.redis.url }
  const env = { ...baseEnv(), BARE_CLIENTS: JSON.stringify(clients), BARE_SEARCH_REQUEST: JSON.stringify(searchRequest) }
  return await spawnNode({ name: 'bare limit server', cwd: ROOT, script: join(ROOT, 'bench/bare-server.ts'), env, readyPath: '/healthz' })
}

/** A token of the bench tenant with every role, valid long enough for a 1M-document run. */
export function benchToken (s: Setup, tenant: string): string {
  return signDevToken(s.config.jwt, { tenant, roles: ['admin'], sub: 'bench', ttlS: 12 * 3600 })
}
