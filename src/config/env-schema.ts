import Type, { type Static } from 'typebox'

const Str = (description: string, options: { default?: string, minLength?: number } = {}) =>
  Type.String({ description, ...options })
const Int = (description: string, def: number, minimum: number, maximum: number) =>
  Type.Integer({ description, default: def, minimum, maximum })

/**
 * Every environment variable the service reads, with its default: the single source for validation at start,
 * for the README's configuration table (a test checks they agree) and for docker-compose.yml.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'test', 'production'], { default: 'development', description: 'production turns /docs off unless DOCS_ENABLED says otherwise' }),
  HOST: Str('Interface to listen on', { default: '127.0.0.1' }),
  PORT: Int('TCP port to listen on', 3000, 0, 65535),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info', description: 'pino log level' }),
  CORS_ORIGINS: Str('Comma-separated allow-list of browser origins; empty disables CORS', { default: '' }),
  TRUST_PROXY: Str('false, true, a hop count, or comma-separated proxy addresses/CIDRs (Fastify trustProxy)', { default: 'false' }),
  DOCS_ENABLED: Type.Optional(Type.Boolean({ description: 'Serve /docs and /openapi.json (default: on, off in production)' })),
  PUBLIC_BASE_URL: Type.Optional(Str('Public base URL of the API (https://host[/prefix]): the `servers` of the OpenAPI document. Unset: `/`, the origin that serves the document', { minLength: 1 })),
  UI_ENABLED: Type.Boolean({ default: true, description: 'Serve the curators\' web page at / (assets under /ui/), in production too' }),

  ES_URL: Str('Comma-separated Elasticsearch node URLs', { default: 'http://127.0.0.1:9200' }),
  ES_API_KEY: Type.Optional(Str('Elasticsearch API key (base64 id:key); exclusive with ES_USERNAME', { minLength: 1 })),
  ES_USERNAME: Type.Optional(Str('Elasticsearch basic-auth user (with ES_PASSWORD)', { minLength: 1 })),
  ES_PASSWORD: Type.Optional(Str('Elasticsearch basic-auth password', { minLength: 1 })),
  ES_CA_CERT: Type.Optional(Str('Path to a PEM CA certificate that signed the cluster\'s HTTP certificate', { minLength: 1 })),
  ES_INDEX_PREFIX: Type.String({ description: 'Prefix of index and alias names (<prefix>-analyses, <prefix>-analyses-write, <prefix>-analyses-v<N>)', default: 'catalog', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' }),
  ES_REQUEST_TIMEOUT_MS: Int('Timeout of one Elasticsearch request', 10_000, 100, 120_000),
  ES_SHARDS: Int('Primary shards of a new index version (a tenant always lives on one shard)', 1, 1, 64),
  ES_REPLICAS: Type.String({ description: 'Replicas of a new index version: a number, or a range `min-max` (max may be `all`) that follows the number of nodes (auto_expand_replicas; `0-1`: none on one node, one from two nodes)', default: '0-1', pattern: '^([0-9]{1,2}|[0-9]{1,2}-([0-9]{1,2}|all))$' }),
  ES_WRITE_ACTIVE_SHARDS: Type.String({ description: 'Copies of a shard (primary included) that must be active before a write is attempted (index.write.wait_for_active_shards): 1 = the primary, `all` = every copy', default: '1', pattern: '^(all|[1-9][0-9]?)$' }),

  REDIS_URL: Str('Redis URL (redis:// or rediss://) for standalone mode', { default: 'redis://127.0.0.1:6379' }),
  REDIS_MODE: Type.Enum(['standalone', 'sentinel', 'cluster'], { default: 'standalone', description: 'standalone uses REDIS_URL; sentinel uses REDIS_SENTINELS + REDIS_SENTINEL_NAME; cluster uses REDIS_CLUSTER_NODES' }),
  REDIS_SENTINELS: Str('Comma-separated host:port of Sentinels (REDIS_MODE=sentinel)', { default: '' }),
  REDIS_SENTINEL_NAME: Str('Master group name (REDIS_MODE=sentinel)', { default: 'mymaster' }),
  REDIS_CLUSTER_NODES: Str('Comma-separated host:port seed nodes (REDIS_MODE=cluster)', { default: '' }),
  REDIS_KEY_PREFIX: Type.String({ description: 'Prefix of every Redis key', default: 'ias:', pattern: '^[A-Za-z0-9:_-]{1,64}$' }),
  REDIS_COMMAND_TIMEOUT_MS: Int('Timeout of one Redis command: reads fall back to Elasticsearch after it', 150, 10, 10_000),

  JWT_ALGORITHMS: Str('Comma-separated accepted algorithms: HS256 (development) or RS256/ES256 (production)', { default: 'HS256' }),
  JWT_SECRET: Type.Optional(Str('HS256 secret, at least 32 bytes', { minLength: 1 })),
  JWT_PUBLIC_KEY: Type.Optional(Str('Path to a PEM public key (RS256/ES256)', { minLength: 1 })),
  JWT_JWKS_URL: Type.Optional(Str('JWKS URL for RS256/ES256 (keys cached)', { minLength: 1 })),
  JWT_ISSUER: Str('Comma-separated allowed issuers (iss); required with JWT_JWKS_URL', { default: '' }),
  JWT_AUDIENCE: Str('Comma-separated accepted audiences (aud)', { default: '' }),
  JWT_CLOCK_TOLERANCE_S: Int('Clock skew tolerated on exp/nbf', 5, 0, 300),
  CURSOR_SECRET: Type.Optional(Str('Secret signing search cursors (at least 32 bytes); derived from JWT_SECRET when unset', { minLength: 1 })),

  RATE_LIMIT_WINDOW_S: Int('Window of every rate limit', 60, 1, 3600),
  RATE_LIMIT_IP_MAX: Int('Requests per IP per window, counted before authentication', 1200, 1, 1_000_000),
  RATE_LIMIT_READ_MAX: Int('Reads per principal (tenant+sub) per window', 600, 1, 1_000_000),
  RATE_LIMIT_WRITE_MAX: Int('Single-document writes per principal per window', 300, 1, 1_000_000),
  RATE_LIMIT_BULK_DOCS_MAX: Int('Documents per principal per window through bulk imports', 100_000, 1, 100_000_000),

  CACHE_TTL_S: Int('Lifetime of a cached search answer', 300, 1, 86_400),
  CACHE_MAX_ENTRY_BYTES: Int('Answers larger than this are not cached', 262_144, 1024, 16_777_216),
  CACHE_LOCAL_MAX_BYTES: Int('Memory of the in-process tier of hot cache entries (served without reading Redis, kept coherent by client-side caching); 0 disables it. Always off in Redis Cluster mode', 67_108_864, 0, 8_589_934_592),
  DASHBOARD_FRESH_S: Int('Dashboard served as fresh for this long', 30, 1, 3600),
  DASHBOARD_STALE_S: Int('then served stale while one request revalidates, for at most this long', 120, 0, 86_400),
  IDEMPOTENCY_TTL_S: Int('How long an Idempotency-Key of a write is remembered (its outcome replayed to a retry)', 86_400, 1, 604_800),

  METRICS_PORT: Type.Optional(Type.Integer({ description: 'Port of the Prometheus listener serving /metrics, apart from the API (0: any free port; default: 9464 in development, off in test and production)', minimum: 0, maximum: 65535 })),
  METRICS_HOST: Str('Interface of the metrics listener (loopback: scrapers on the host only)', { default: '127.0.0.1' }),

  SHED_EVENT_LOOP_DELAY_MS: Int('Load shedding: mean event-loop delay of a sample past which new requests get 503 (0: off)', 1000, 0, 60_000),
  SHED_EVENT_LOOP_UTILIZATION: Type.Number({ description: 'Load shedding: event-loop utilization (0-1) past which new requests get 503 (0: off)', default: 0, minimum: 0, maximum: 1 }),
  SHED_HEAP_USED_MB: Int('Load shedding: V8 heap in use past which new requests get 503 (0: off)', 0, 0, 1_048_576),
  SHED_RSS_MB: Int('Load shedding: resident memory past which new requests get 503 (0: off)', 0, 0, 1_048_576),
  SHED_SAMPLE_INTERVAL_MS: Int('Load shedding: how often the event loop and memory are sampled', 1000, 10, 60_000),
  SHED_RETRY_AFTER_S: Int('Load shedding: Retry-After of a shed request', 10, 1, 3600),

  REQUEST_TIMEOUT_MS: Int('Whole-request timeout against slow clients', 30_000, 1000, 600_000),
  KEEP_ALIVE_TIMEOUT_MS: Int('Idle keep-alive timeout', 72_000, 1000, 600_000)
}, { additionalProperties: true })

export type Env = Static<typeof EnvSchema>
