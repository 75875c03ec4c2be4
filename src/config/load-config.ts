import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Value } from 'typebox/value'
import { EnvSchema, type Env } from './env-schema.ts'
import { deriveJwt } from './jwt-config.ts'
import { isUrl } from './is-url.ts'

export type { JwtAlgorithm } from './jwt-config.ts'
import type { JwtConfig } from './jwt-config.ts'

export interface Config {
  env: Env['NODE_ENV']
  host: string
  port: number
  logLevel: Env['LOG_LEVEL']
  corsOrigins: string[]
  trustProxy: boolean | number | string[]
  docsEnabled: boolean
  /** Where clients reach the API, without a trailing slash; undefined: wherever the document was fetched from. */
  publicBaseUrl?: string
  uiEnabled: boolean
  elasticsearch: {
    nodes: string[]
    auth?: { apiKey: string } | { username: string, password: string }
    caCert?: string
    indexPrefix: string
    requestTimeoutMs: number
    shards: number
    /** ES_REPLICAS: a replica count ("1") or an auto-expand range ("0-1"). */
    replicas: string
    waitForActiveShards: string
  }
  redis: {
    mode: Env['REDIS_MODE']
    url: string
    sentinels: Array<{ host: string, port: number }>
    sentinelName: string
    clusterNodes: Array<{ host: string, port: number }>
    keyPrefix: string
    commandTimeoutMs: number
  }
  jwt: JwtConfig
  cursorSecret: string
  rateLimit: { windowS: number, ipMax: number, readMax: number, writeMax: number, bulkDocsMax: number }
  cache: { ttlS: number, maxEntryBytes: number, localMaxBytes: number, dashboardFreshS: number, dashboardStaleS: number }
  /** Idempotency-Key records of writes (docs/ingestion.md). */
  idempotency: { ttlS: number }
  server: { requestTimeoutMs: number, keepAliveTimeoutMs: number }
  /** The Prometheus listener; null: no metrics are collected at all. */
  metrics: { host: string, port: number } | null
  /** Thresholds of load shedding; 0 turns a check off. */
  shedding: { eventLoopDelayMs: number, eventLoopUtilization: number, heapUsedBytes: number, rssBytes: number, sampleIntervalMs: number, retryAfterS: number }
}

/** The conventional port of a Prometheus exporter (OpenTelemetry's too), used in development when none is set. */
const DEFAULT_METRICS_PORT = 9464
const MB = 1024 * 1024

/** Thrown when the environment does not describe a valid configuration; lists every problem at once. */
export class ConfigError extends Error {
  readonly problems: string[]
  constructor (problems: string[]) {
    super(`Invalid configuration:\n${problems.map(p => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export function loadConfig (source: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "unset", as in most deployment tools.
  const raw = Object.fromEntries(Object.entries(source).filter(([key, value]) => value !== '' && key in EnvSchema.properties))
  const parse = (input: Record<string, unknown>) => Value.Convert(EnvSchema, Value.Default(EnvSchema, { ...input })) as Env
  const env = parse(raw)
  const invalid = [...Value.Errors(EnvSchema, env)]
  const problems = invalid.map(e => `${e.instancePath.slice(1)} ${e.message} (got ${JSON.stringify(pick(env, e.instancePath))})`)
  // Check the rules between variables too, on defaults in place of the invalid values, so one run lists everything.
  for (const e of invalid) delete raw[e.instancePath.slice(1)]
  const config = derive(parse(raw), problems)
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

function derive (env: Env, problems: string[]): Config {
  const list = (value: string) => value.split(',').map(s => s.trim()).filter(Boolean)
  const readPem = (name: 'ES_CA_CERT' | 'JWT_PUBLIC_KEY') => {
    const path = env[name]
    if (path === undefined) return undefined
    try { return readFileSync(path, 'utf8') } catch { problems.push(`${name} cannot read file ${path}`) }
  }
  const nodes = list(env.ES_URL)
  for (const node of nodes) if (!isUrl(node, ['http:', 'https:'])) problems.push(`ES_URL has an invalid URL: ${node}`)
  if (env.ES_API_KEY !== undefined && env.ES_USERNAME !== undefined) problems.push('ES_API_KEY and ES_USERNAME are exclusive: choose one')
  if ((env.ES_USERNAME === undefined) !== (env.ES_PASSWORD === undefined)) problems.push('ES_USERNAME and ES_PASSWORD go together')
  const hostPorts = (name: 'REDIS_SENTINELS' | 'REDIS_CLUSTER_NODES') => list(env[name]).map(item => {
    const [host, port] = item.split(':')
    if (host === undefined || host === '' || !/^\d+$/.test(port ?? '')) problems.push(`${name} has an invalid host:port: ${item}`)
    return { host: host ?? '', port: Number(port) }
  })
  if (!isUrl(env.REDIS_URL, ['redis:', 'rediss:'])) problems.push(`REDIS_URL is not a redis:// or rediss:// URL: ${env.REDIS_URL}`)
  const sentinels = hostPorts('REDIS_SENTINELS')
  const clusterNodes = hostPorts('REDIS_CLUSTER_NODES')
  if (env.REDIS_MODE === 'sentinel' && sentinels.length === 0) problems.push('REDIS_SENTINELS is required when REDIS_MODE=sentinel')
  if (env.REDIS_MODE === 'cluster' && clusterNodes.length === 0) problems.push('REDIS_CLUSTER_NODES is required when REDIS_MODE=cluster')
  const jwt = deriveJwt(env, problems, list, readPem('JWT_PUBLIC_KEY'))
  const cursorSecret = env.CURSOR_SECRET ?? (jwt.secret === undefined ? undefined : createHmac('sha256', jwt.secret).update('search-cursor').digest('base64url'))
  if (cursorSecret === undefined && !jwt.algorithms.includes('HS256')) problems.push('CURSOR_SECRET is required when JWT_ALGORITHMS has no HS256 secret to derive it from')
  else if (cursorSecret !== undefined && Buffer.byteLength(cursorSecret) < 32) problems.push('CURSOR_SECRET must be at least 32 bytes')
  const caCert = readPem('ES_CA_CERT')
  const publicBaseUrl = env.PUBLIC_BASE_URL?.replace(/\/+$/, '')
  if (publicBaseUrl !== undefined && !isBaseUrl(publicBaseUrl)) problems.push(`PUBLIC_BASE_URL must be an http(s) URL without query or fragment: ${env.PUBLIC_BASE_URL}`)
  // Off unless asked for where a stray listener would do harm: tests build many apps, production opts in.
  const metricsPort = env.METRICS_PORT ?? (env.NODE_ENV === 'development' ? DEFAULT_METRICS_PORT : undefined)
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    corsOrigins: list(env.CORS_ORIGINS),
    trustProxy: parseTrustProxy(env.TRUST_PROXY, list),
    docsEnabled: env.DOCS_ENABLED ?? env.NODE_ENV !== 'production',
    ...(publicBaseUrl !== undefined ? { publicBaseUrl } : {}),
    uiEnabled: env.UI_ENABLED,
    elasticsearch: {
      nodes,
      ...(env.ES_API_KEY !== undefined ? { auth: { apiKey: env.ES_API_KEY } } : {}),
      ...(env.ES_USERNAME !== undefined && env.ES_PASSWORD !== undefined ? { auth: { username: env.ES_USERNAME, password: env.ES_PASSWORD } } : {}),
      ...(caCert !== undefined ? { caCert } : {}),
      indexPrefix: env.ES_INDEX_PREFIX,
      requestTimeoutMs: env.ES_REQUEST_TIMEOUT_MS,
      shards: env.ES_SHARDS,
      replicas: env.ES_REPLICAS,
      waitForActiveShards: env.ES_WRITE_ACTIVE_SHARDS
    },
    redis: {
      mode: env.REDIS_MODE,
      url: env.REDIS_URL,
      sentinels,
      sentinelName: env.REDIS_SENTINEL_NAME,
      clusterNodes,
      keyPrefix: env.REDIS_KEY_PREFIX,
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS
    },
    jwt,
    cursorSecret: cursorSecret ?? '',
    rateLimit: { windowS: env.RATE_LIMIT_WINDOW_S, ipMax: env.RATE_LIMIT_IP_MAX, readMax: env.RATE_LIMIT_READ_MAX, writeMax: env.RATE_LIMIT_WRITE_MAX, bulkDocsMax: env.RATE_LIMIT_BULK_DOCS_MAX },
    cache: { ttlS: env.CACHE_TTL_S, maxEntryBytes: env.CACHE_MAX_ENTRY_BYTES, localMaxBytes: env.CACHE_LOCAL_MAX_BYTES, dashboardFreshS: env.DASHBOARD_FRESH_S, dashboardStaleS: env.DASHBOARD_STALE_S },
    idempotency: { ttlS: env.IDEMPOTENCY_TTL_S },
    server: { requestTimeoutMs: env.REQUEST_TIMEOUT_MS, keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS },
    metrics: metricsPort === undefined ? null : { host: env.METRICS_HOST, port: metricsPort },
    shedding: {
      eventLoopDelayMs: env.SHED_EVENT_LOOP_DELAY_MS,
      eventLoopUtilization: env.SHED_EVENT_LOOP_UTILIZATION,
      heapUsedBytes: env.SHED_HEAP_USED_MB * MB,
      rssBytes: env.SHED_RSS_MB * MB,
      sampleIntervalMs: env.SHED_SAMPLE_INTERVAL_MS,
      retryAfterS: env.SHED_RETRY_AFTER_S
    }
  }
}

function isBaseUrl (value: string): boolean {
  if (!isUrl(value, ['http:', 'https:'])) return false
  const url = new URL(value)
  return url.search === '' && url.hash === '' && url.username === '' && url.password === ''
}

function parseTrustProxy (value: string, list: (v: string) => string[]): Config['trustProxy'] {
  if (value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return list(value)
}

function pick (env: Env, pointer: string): unknown {
  const name = pointer.slice(1)
  return /SECRET|PASSWORD|KEY$/.test(name) ? '[redacted]' : (env as Record<string, unknown>)[name]
}
