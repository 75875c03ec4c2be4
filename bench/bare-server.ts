/**
 * The limits the service is compared with: a minimal Fastify process (no logger, no plugins) with the service's
 * own client libraries and client settings.
 *
 *   GET /redis/:key   one Redis GET, the bytes returned as JSON (what a cache hit cannot beat)
 *   GET /es/search    the bench's search request (BARE_SEARCH_REQUEST) sent as is with client.search
 *
 * Environment: PORT, HOST, BARE_CLIENTS (JSON: the bench's resolved `elasticsearch` config and Redis URL, so the
 * nodes, credentials and CA are the service's), BARE_SEARCH_REQUEST (JSON of the client.search parameters).
 */
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { createEsClient } from '../src/clients/elasticsearch.ts'
import type { BareClients } from './service.ts'

const env = process.env
const clients = JSON.parse(env.BARE_CLIENTS ?? '{}') as BareClients
const redis = new Redis(clients.redisUrl)
const es = createEsClient(clients.elasticsearch)
const search = JSON.parse(env.BARE_SEARCH_REQUEST ?? '{}') as Parameters<typeof es.search>[0]

const app = Fastify({ logger: false })
app.get('/healthz', async (_request, reply) => await reply.code(redis.status === 'ready' ? 200 : 503).send())
app.get<{ Params: { key: string } }>('/redis/:key', async (request, reply) => {
  const body = await redis.get(request.params.key)
  if (body === null) return await reply.code(404).send()
  return await reply.type('application/json; charset=utf-8').send(body)
})
app.get('/es/search', async () => await es.search(search))

async function close (): Promise<void> {
  await app.close()
  redis.disconnect()
  await es.close()
  process.exit(0)
}
process.once('SIGTERM', () => { close().catch(() => process.exit(1)) })
process.once('SIGINT', () => { close().catch(() => process.exit(1)) })

await app.listen({ host: env.HOST ?? '127.0.0.1', port: Number(env.PORT ?? 0) })
