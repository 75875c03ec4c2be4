import { test } from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config/load-config.ts'
import { removeTestData, testConfig, testEnv } from '../helpers/build.ts'

test('close lets the in-flight request finish and answers a request arriving meanwhile with a 503 problem', async t => {
  const config = testConfig(t.name)
  t.teardown(() => removeTestData(config))
  const app = await buildApp(config)
  app.get('/__test/slow', { config: { auth: 'public' } }, async () => {
    await sleep(500)
    return { finished: true }
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }

  // One keep-alive connection, busy with the slow request when close starts, so the server keeps it open;
  // a second request written on it after close started must be turned away, the first must finish.
  const socket = connect(port, '127.0.0.1')
  let received = ''
  socket.on('data', chunk => { received += String(chunk) })
  socket.write('GET /__test/slow HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n')
  await sleep(100)
  const closed = app.close()
  await sleep(50)
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n')
  await Promise.race([once(socket, 'close'), sleep(5000)])
  await closed

  const [first, second] = received.split(/(?=HTTP\/1\.1 )/)
  t.match(first, /^HTTP\/1\.1 200/)
  t.match(first, /\{"finished":true\}/)
  t.match(second, /^HTTP\/1\.1 503/)
  t.match(second, /content-type: application\/problem\+json/i)
  t.match(second, /"code":"SHUTTING_DOWN"/)
})

test('SIGTERM closes the server gracefully with exit code 0', async t => {
  const env = { ...process.env, ...testEnv(t.name, { PORT: '0', LOG_LEVEL: 'info' }) }
  t.teardown(() => removeTestData(loadConfig(env)))
  const server = spawn(process.execPath, ['src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  server.stdout.on('data', chunk => { output += String(chunk) })
  server.stderr.on('data', chunk => { output += String(chunk) })
  const deadline = Date.now() + 20_000
  while (!/Server listening at/.test(output) && Date.now() < deadline) await sleep(50)
  const url = /Server listening at (http:\/\/[^"]+)/.exec(output)?.[1]
  t.ok(url, 'the server listens')
  t.equal((await fetch(`${url}/healthz`)).status, 200)
  server.kill('SIGTERM')
  const [code] = await once(server, 'exit')
  t.equal(code, 0)
  t.match(output, /closing gracefully/)
})

test('a bad configuration stops the start with one message listing every problem', async t => {
  const env = { PATH: process.env.PATH, PORT: 'x', LOG_LEVEL: 'loud' }
  const server = spawn(process.execPath, ['src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  server.stderr.on('data', chunk => { stderr += String(chunk) })
  const [code] = await once(server, 'exit')
  t.equal(code, 78)
  t.match(stderr, /Invalid configuration:\n {2}- PORT/)
  t.match(stderr, /LOG_LEVEL/)
  t.match(stderr, /JWT_SECRET is required/)
})
