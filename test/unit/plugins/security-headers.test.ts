import Fastify from 'fastify'
import fastifyHelmet from '@fastify/helmet'
import { test } from 'tap'
import { helmetHeaders } from '../../../src/plugins/security-headers.ts'

// A performance fix found by bench/: helmet runs once instead of once per request. It must set exactly the
// headers @fastify/helmet sets on every answer.
test('the precomputed headers are the ones @fastify/helmet sets', async t => {
  const reference = Fastify()
  t.teardown(async () => { await reference.close() })
  await reference.register(fastifyHelmet, { global: true })
  reference.get('/', async () => ({ ok: true }))
  const res = await reference.inject({ url: '/' })
  const own = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive'])
  const expected = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !own.has(name)))
  t.same(helmetHeaders(), expected)
  t.ok(Object.keys(expected).length >= 10, 'helmet sets its dozen headers')
})
