import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { cacheStatus, ifNoneMatch, requestsFresh } from '../http/cache-headers.ts'
import type { CacheStats } from '../schemas/cache-stats.ts'
import { DEFAULT_SETTLE_MS, Generations } from '../search/cache/generations.ts'
import { canonicalKey, type CacheKind } from '../search/cache/keys.ts'
import type { CachePolicy } from '../search/cache/cache-types.ts'
import { QueryCache } from '../search/cache/query-cache.ts'
import { withCacheCommands } from '../search/cache/scripts.ts'
import { CounterBook } from '../search/cache/cache-stats.ts'
import { LocalTier } from '../search/cache/local-tier.ts'
import { VocabularyCopies } from '../search/vocabulary/vocabulary-copies.ts'
import { ClientTracking } from '../search/cache/client-tracking.ts'

interface CachedReadOptions {
  kind: CacheKind
  /**
   * The query, canonical: everything the answer depends on except the tenant (added here). A string, or a value
   * turned into canonical JSON (object keys sorted; arrays keep their order, so sort those that are sets).
   */
  key: unknown
  /** Computes the 200 body from Elasticsearch; it is serialized with the route's response schema. */
  compute: () => Promise<unknown>
}

declare module 'fastify' {
  interface FastifyInstance {
    queryCache: QueryCache
    /**
     * Answers a tenant-scoped read from the cache, or computes, stores and answers it: sets ETag and Cache-Status,
     * answers 304 to a matching If-None-Match. Redis trouble never fails the read. A request with
     * `Cache-Control: no-cache` is computed afresh without touching the cache (`fwd=request`).
     */
    cachedRead: (request: FastifyRequest, reply: FastifyReply, options: CachedReadOptions) => Promise<FastifyReply>
    cacheStats: () => CacheStats
    /** The tenants' vocabularies for computed answers, kept while the in-process tier proves them current. */
    vocabularyCopies: VocabularyCopies
  }
}

/** Tunables with sound defaults; tests and benchmarks may shorten them. */
export interface CachePluginOptions {
  settleMs?: number
  lockWaitMs?: number
  epochRefreshMs?: number
  breakerMs?: number
  /** How often the invalidation connection is PINGed, and how long an answer keeps the in-process tier trusted. */
  localHeartbeatMs?: number
  localLeaseMs?: number
}

const DAY_MS = 86_400_000

async function cache (fastify: FastifyInstance, options: CachePluginOptions): Promise<void> {
  const config = fastify.config.cache
  const redis = withCacheCommands(fastify.redis)
  const answers: CachePolicy = { freshMs: config.ttlS * 1000, staleMs: 0 }
  const policies: Record<CacheKind, CachePolicy> = {
    search: answers,
    'facet-values': answers,
    similar: answers,
    dashboard: { freshMs: config.dashboardFreshS * 1000, staleMs: config.dashboardStaleS * 1000 }
  }
  const longestEntryMs = Math.max(...Object.values(policies).map(p => p.freshMs + p.staleMs))
  // Generation keys outlive every entry built from them, so a generation never restarts under a live entry.
  const genTtlMs = Math.max(DAY_MS, 2 * longestEntryMs)
  // Redis trouble is logged once per outage by the redis plugin; per command only at debug level.
  const onError = (error: unknown, context: string) => { fastify.log.debug({ err: error, context }, 'cache: redis command failed') }
  const counters = new CounterBook()
  // Redis Cluster: no tier (tracking would be per master, and a slot moving to another master would not tell).
  const server = redis instanceof Redis ? redis : undefined
  const tier = config.localMaxBytes === 0 || server === undefined
    ? undefined
    : new LocalTier(config.localMaxBytes, options.localLeaseMs ?? 1000, (tenant, kind, counter) => { counters.add(tenant, kind, counter) })
  const generations = new Generations(redis, {
    genTtlMs,
    settleMs: options.settleMs ?? DEFAULT_SETTLE_MS,
    epochRefreshMs: options.epochRefreshMs ?? 1000,
    maxPending: 10_000,
    ...(tier === undefined ? {} : { tracked: tier.keys }),
    onError
  })
  const queryCache = new QueryCache(redis, generations, {
    maxEntryBytes: config.maxEntryBytes,
    genTtlMs,
    // The claim outlives the slowest computation Elasticsearch allows; a crashed holder frees it by expiry.
    lockTtlMs: fastify.config.elasticsearch.requestTimeoutMs * 2 + 1000,
    lockWaitMs: options.lockWaitMs ?? 2000,
    pollMs: 10,
    breakerMs: options.breakerMs ?? 1000,
    ...(tier === undefined ? {} : { tier }),
    counters,
    now: Date.now,
    onError
  })
  const tracking = tier === undefined || server === undefined
    ? undefined
    : new ClientTracking(server, tier, {
      keyPrefix: fastify.config.redis.keyPrefix,
      heartbeatMs: options.localHeartbeatMs ?? 250,
      onEpochUntrusted: () => { generations.refreshEpoch().catch(() => {}) },
      onError
    })

  fastify.decorate('queryCache', queryCache)
  fastify.decorate('cacheStats', () => queryCache.stats())
  fastify.decorate('vocabularyCopies', new VocabularyCopies(tier))
  fastify.decorate('cachedRead', async (request: FastifyRequest, reply: FastifyReply, read: CachedReadOptions) => {
    const cached = {
      tenant: request.user.tenant,
      kind: read.kind,
      query: canonicalKey(read.key),
      policy: policies[read.kind],
      compute: async () => reply.serialize(await read.compute()) as string
    }
    // `Cache-Control: no-cache` from the client: a fresh answer (Cache-Status `fwd=request`), the cache untouched.
    const answer = requestsFresh(request.headers['cache-control']) ? await queryCache.forward(cached) : await queryCache.read(cached)
    reply.header('cache-status', cacheStatus(answer.outcome)).header('etag', answer.etag)
    // Tenant data: a browser may keep it, but must revalidate (a cheap 304) so it never shows an older answer.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache')
    if (ifNoneMatch(request.headers['if-none-match'], answer.etag)) return reply.code(304).send()
    return reply.code(200).type('application/json; charset=utf-8').send(answer.body)
  })
  fastify.onTenantWrite(async tenant => { await queryCache.invalidate(tenant) })

  fastify.addHook('onReady', async () => {
    generations.start()
    tracking?.start()
    await connected(fastify, 1000)
    await generations.refreshEpoch().catch(() => {})
  })
  // Runs before the redis plugin's onClose (reverse order of registration): the client is still connected.
  fastify.addHook('onClose', async () => {
    await tracking?.stop()
    await generations.stop()
  })
}

/** Waits (bounded) for the first connection, so a freshly started instance caches from its first request. */
async function connected (fastify: FastifyInstance, timeoutMs: number): Promise<void> {
  const redis = fastify.redis
  if (redis.status === 'ready') return
  await new Promise<void>(resolve => {
    const done = () => { clearTimeout(timer); redis.off('ready', done); resolve() }
    const timer = setTimeout(done, timeoutMs)
    redis.once('ready', done)
  })
}

export const cachePlugin = fp(cache, { name: 'cache', dependencies: ['redis', 'tenant-writes'] })
