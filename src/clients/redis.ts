import { Redis, Cluster, type RedisOptions } from 'ioredis'
import type { Config } from '../config/load-config.ts'

/** A standalone or Sentinel-managed server (Redis), or a Redis Cluster: the cache and rate limits take either. */
export type RedisClient = Redis | Cluster

/**
 * Fail fast, never queue: while Redis is away every command errors at once (no offline queue piling up), callers
 * fall back to Elasticsearch, and the client keeps reconnecting in the background with a capped backoff.
 */
function redisOptions (config: Config['redis']): RedisOptions {
  return {
    keyPrefix: config.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.commandTimeoutMs,
    connectTimeout: 1000,
    retryStrategy: times => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    lazyConnect: false
  }
}

/** The client of the configured mode (REDIS_MODE): standalone, sentinel or cluster. */
export function createRedis (config: Config['redis']): RedisClient {
  const options = redisOptions(config)
  if (config.mode === 'cluster') {
    return new Cluster(config.clusterNodes, { redisOptions: options, enableOfflineQueue: false, keyPrefix: config.keyPrefix })
  }
  if (config.mode === 'sentinel') {
    return new Redis({ ...options, sentinels: config.sentinels, name: config.sentinelName })
  }
  return new Redis(config.url, options)
}
