import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { createRedis, type RedisClient } from '../clients/redis.ts'
import type { Config } from '../config/load-config.ts'

declare module 'fastify' {
  interface FastifyInstance {
    redis: RedisClient
  }
}

/** One Redis client per process (src/clients/redis.ts), its outages logged once each, quit on close. */
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
