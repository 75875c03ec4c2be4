import { test } from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Agent, request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../src/app.ts'
import { DRAIN_MS } from '../../src/plugins/graceful-close.ts'
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

/** A GET through `agent`; the status, the body and whether the request went out on a kept-alive socket. */
async function get (agent: Agent, port: number, path: string) {
  return await new Promise<{ status: number, body: string, reused: boolean, connection: string | undefined }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent }, res => {
      let body = ''
      res.on('data', chunk => { body += String(chunk) })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body, reused: req.reusedSocket, connection: res.headers.connection }) })
    })
    req.on('error', reject)
    req.end()
  })
}

test('idle keep-alive connections that send at the moment of close get the 503 problem, never a reset', async t => {
  const config = testConfig(t.name)
  t.teardown(() => removeTestData(config))
  const app = await buildApp(config)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const agent = new Agent({ keepAlive: true, maxSockets: 8 })
  t.teardown(() => { agent.destroy() })

  // Eight connections, each idle in the agent's pool once its first answer is in.
  const first = await Promise.all(Array.from({ length: 8 }, async () => await get(agent, port, '/healthz')))
  t.same(first.map(r => r.status), Array(8).fill(200))
  t.equal(Object.values(agent.freeSockets).flat().length, 8, 'eight idle keep-alive sockets')

  const closed = app.close()
  // Readiness too: a load balancer polling it on a kept-alive connection learns the instance is going.
  const racing = await Promise.allSettled(Array.from({ length: 8 }, async (_, i) => await get(agent, port, i % 2 === 0 ? '/healthz' : '/readyz')))
  await closed
  const failures = racing.filter(r => r.status === 'rejected').map(r => String((r as PromiseRejectedResult).reason))
  t.same(failures, [], 'no reset, no refused connection')
  const answers = racing.flatMap(r => r.status === 'fulfilled' ? [r.value] : [])
  t.equal(answers.length, 8, 'every request answered')
  t.ok(answers.every(r => r.reused), 'on the connections that were idle')
  // The close starts within the same tick; a request the server read before it would get its 200, which is no reset either.
  const refused = answers.filter(r => r.status === 503)
  t.ok(refused.length > 0 && answers.every(r => r.status === 503 || r.status === 200), `503 once closing (${answers.map(r => r.status).join(' ')})`)
  t.ok(refused.every(r => /"code":"SHUTTING_DOWN"/.test(r.body) && /"state":"shutting_down"/.test(r.body) && r.connection === 'close'), 'SHUTTING_DOWN, and the connection closes after it')
})

test('a closing server with no connection left does not wait for the drain period', async t => {
  const config = testConfig(t.name)
  t.teardown(() => removeTestData(config))
  const app = await buildApp(config)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const started = performance.now()
  await app.close()
  // A behaviour bound (the drain is skipped), far above the close itself.
  t.ok(performance.now() - started < DRAIN_MS, 'closed before the drain period would have ended')
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
  const agent = new Agent({ keepAlive: true })
  t.teardown(() => { agent.destroy() })
  const port = Number(new URL(url!).port)
  t.equal((await get(agent, port, '/healthz')).status, 200, 'a kept-alive connection, idle now')
  const exited = once(server, 'exit')
  server.kill('SIGTERM')
  // Sent as the signal lands: answered (200 before the close began, 503 after), never reset.
  const racing = await get(agent, port, '/healthz')
  t.ok(racing.status === 200 || racing.status === 503, `the racing request was answered (${racing.status})`)
  const [code] = await exited
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
