import { test } from 'tap'
import { once } from 'node:events'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { build } from '../helpers/build.ts'
import { serverTimeouts } from '../../src/app-options.ts'

test('timeouts come from one place and keep Node\'s ordering', async t => {
  t.same(serverTimeouts({ requestTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000 }),
    { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 72_000, connectionsCheckingInterval: 1000 })
  t.same(serverTimeouts({ requestTimeoutMs: 1000, keepAliveTimeoutMs: 5000 }),
    { headersTimeout: 1000, requestTimeout: 1000, keepAliveTimeout: 5000, connectionsCheckingInterval: 500 }, 'headers never outlast the request')

  const app = await build(t)
  t.equal(app.server.headersTimeout, 10_000)
  t.equal(app.server.requestTimeout, 30_000)
  t.equal(app.server.keepAliveTimeout, 72_000)
  t.equal(app.server.timeout, 30_000, 'socket inactivity during a request')
})

test('a client sending its headers too slowly is cut off', async t => {
  const app = await build(t, { REQUEST_TIMEOUT_MS: '1000' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }

  const fast = await fetch(`http://127.0.0.1:${port}/healthz`)
  t.equal(fast.status, 200, 'a normal client is served')

  // Slowloris: a header byte every 100 ms keeps the socket busy (no idle timeout) but never ends the headers.
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let received = ''
  socket.on('data', chunk => { received += String(chunk) })
  socket.on('error', () => {})
  const closed = once(socket, 'close')
  const started = Date.now()
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n')
  let sent = 0
  while (!socket.destroyed && socket.writable && Date.now() - started < 10_000) {
    socket.write(`X-Slow-${sent++}: y\r\n`)
    await sleep(100)
  }
  await Promise.race([closed, sleep(1000)])
  const elapsed = Date.now() - started
  t.ok(socket.destroyed || socket.readableEnded, 'the server closed the connection')
  t.ok(elapsed < 3500, `within the headers timeout and one sweep (${elapsed} ms)`)
  t.ok(sent > 3, 'the client was still sending when it was cut off')
  t.match(received, /^HTTP\/1\.1 408 /, 'answered 408 Request Timeout')
  t.notMatch(received, /HTTP\/1\.1 200/, 'the request never reached a handler')
})

test('path parameters are bounded (maxParamLength 256)', async t => {
  const app = await build(t, {}, app => {
    app.get('/__test/params/:id', { config: { auth: 'public' } }, async request => ({ length: (request.params as { id: string }).id.length }))
  })
  const ok = await app.inject({ url: `/__test/params/${'a'.repeat(256)}` })
  t.equal(ok.statusCode, 200)
  t.same(ok.json(), { length: 256 })
  const long = await app.inject({ url: `/__test/params/${'a'.repeat(257)}` })
  t.equal(long.statusCode, 414)
  t.notMatch(long.body, /\bat .*\.(ts|js):\d+/, 'no stack')
})
