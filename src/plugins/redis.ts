import fp from 'fastify-plugin'
import { Redis, Cluster, type RedisOptions } from 'ioredis'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config/load-config.ts'

export type RedisClient = Redis | Cluster

declare module 'fastify' {
  interface FastifyInstance {
    redis: RedisClient
  }
}

/**
 * Fail fast, never queue: while Redis is away every command errors at once (no offline queue piling up), callers
 * fall back to Elasticsearch, and the client keeps reconnecting in the background with a capped backoff.
 */
export function redisOptions (config: Config['redis']): RedisOptions {
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

async function redis (fastify: FastifyInstance, config: Config['redis']): Promise<void> {
  const client = createRedis(config)
  let lastError = ''
  // Log each distinct connection error once, not once per retry.
  client.on('error', (error: Error) => {
    if (error.message === lastError) return
    lastError = error.message
    fastify.log.warn({ err: error }, 'redis unavailable; serving from Elasticsearch')
  })
  client.on('ready', () => {
    if (lastError !== '') fastify.log.info('redis is back')
    lastError = ''
  })
  fastify.decorate<RedisClient>('redis', client)
  fastify.addHook('onClose', async () => {
    await Promise.race([client.quit().catch(() => {}), new Promise(resolve => setTimeout(resolve, 500))])
    client.disconnect()
  })
}

export const redisPlugin = fp(redis, { name: 'redis' })
