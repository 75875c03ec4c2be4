import { test } from 'tap'
import { Client } from '@elastic/elasticsearch'
import { Redis } from 'ioredis'
import type { FastifyInstance } from 'fastify'
import { build } from '../helpers/build.ts'
import { ERRORS, type ErrorCode } from '../../src/http/errors.ts'
import { freePort } from '../helpers/free-port.ts'

// Words that only come from a stack trace, Node, Elasticsearch or Redis: none may reach a client.
const INTERNALS = /\bat .*\.(ts|js):\d+|node_modules|ECONNREFUSED|127\.0\.0\.1|exception|Root causes|no such index|WRONGTYPE|Stream isn't writeable|ReplyError|ResponseError|ConnectionError|secret-index|internal detail/i

async function routes (app: FastifyInstance): Promise<void> {
  const port = await freePort()
  const deadEs = new Client({ node: `http://127.0.0.1:${port}`, maxRetries: 0, requestTimeout: 1000 })
  const deadRedis = new Redis(`redis://127.0.0.1:${port}`, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true })
  deadRedis.on('error', () => {})
  app.addHook('onClose', async () => { deadRedis.disconnect(); await deadEs.close() })
  const r = { config: { auth: 'public' as const } }
  app.get('/__test/throw', r, async () => { throw new Error('secret internal detail') })
  app.get('/__test/es-missing-index', r, async request => request.es.search({ index: 'secret-index' }))
  app.get('/__test/es-bad-query', r, async request => request.es.search({ index: app.indices.read, query: { no_such_query: {} } as never }))
  app.get('/__test/es-down', r, async () => deadEs.search({ index: 'secret-index' }))
  app.get('/__test/redis-down', r, async () => deadRedis.get('secret-key'))
  app.get('/__test/redis-wrongtype', r, async () => {
    await app.redis.set('secret-key', 'x')
    return app.redis.hget('secret-key', 'field')
  })
}

test('no stack traces, Elasticsearch or Redis messages in any response', async t => {
  const app = await build(t, { RATE_LIMIT_IP_MAX: '1000' }, routes)
  // null: any catalogue code will do (an unexpected Elasticsearch refusal is ours to log, not the client's to read).
  const expected: Record<string, [number, ErrorCode] | null> = {
    '/__test/throw': [500, 'INTERNAL'],
    '/__test/es-missing-index': null,
    '/__test/es-bad-query': null,
    '/__test/es-down': [503, 'SEARCH_UNAVAILABLE'],
    '/__test/redis-down': [500, 'INTERNAL'],
    '/__test/redis-wrongtype': [500, 'INTERNAL']
  }
  for (const [url, want] of Object.entries(expected)) {
    const res = await app.inject({ url })
    const { code } = res.json() as { code: ErrorCode }
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url}: problem+json`)
    t.equal(res.statusCode, ERRORS[code]?.status, `${url}: a catalogue code (${code}) with its status`)
    if (want !== null) t.same([res.statusCode, code], want, `${url}: ${want.join(' ')}`)
    t.notMatch(res.body, INTERNALS, `${url}: nothing internal in ${res.body}`)
    t.notMatch(JSON.stringify(res.headers), INTERNALS, `${url}: nothing internal in the headers`)
  }
})
