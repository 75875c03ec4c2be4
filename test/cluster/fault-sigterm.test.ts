import { test } from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Agent, request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { loadConfig } from '../../src/config/load-config.ts'
import { testEnv, tokenFor } from '../helpers/build.ts'
import { clusterServices, holdClusterLock, removeClusterData } from '../helpers/cluster.ts'
import { report } from '../helpers/faults.ts'

const CLIENTS = 8

interface Outcome { kind: 'full' | 'shutting-down' | 'refused' | 'dropped' | 'other', ms: number, retryAfterS?: number }

/** One GET, on a fresh connection (no agent) or a kept-alive one of `agent`; what came back, classified. */
async function get (url: string, token: string, agent: Agent | false): Promise<Outcome> {
  const started = performance.now()
  return await new Promise(resolve => {
    const done = (kind: Outcome['kind'], retryAfterS?: number) => { resolve({ kind, ms: performance.now() - started, retryAfterS }) }
    const headers = { authorization: `Bearer ${token}`, ...(agent === false ? { connection: 'close' } : {}) }
    const req = request(`${url}/v1/search?q=harbor&facets=setting`, { agent, headers }, res => {
      let body = ''
      res.on('data', chunk => { body += String(chunk) })
      res.on('end', () => {
        if (res.statusCode === 200) done(JSON.parse(body).total === undefined ? 'other' : 'full')
        else if (res.statusCode === 503 && JSON.parse(body).code === 'SHUTTING_DOWN') done('shutting-down', Number(res.headers['retry-after']))
        else done('other')
      })
      res.on('error', () => { done('dropped') })
    })
    // Refused: the listener is closed, so the request never reached the server. A reset after it was sent is a drop.
    req.on('error', (error: NodeJS.ErrnoException) => { done(error.code === 'ECONNREFUSED' ? 'refused' : 'dropped') })
    req.end()
  })
}

test(`SIGTERM under ${CLIENTS} clients, on fresh and kept-alive connections: every answer is full or 503 SHUTTING_DOWN, none reset, exit 0`, async t => {
  await holdClusterLock(t, 'shared')
  const env = { ...process.env, ...testEnv(t.name, { ...await clusterServices('cluster'), PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000' }) }
  const config = loadConfig(env)
  t.teardown(() => removeClusterData(config))
  const server = spawn(process.execPath, ['src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { server.kill('SIGKILL') })
  let output = ''
  server.stdout.on('data', chunk => { output += String(chunk) })
  server.stderr.on('data', chunk => { output += String(chunk) })
  const deadline = Date.now() + 30_000
  while (!/Server listening at/.test(output) && Date.now() < deadline) await sleep(50)
  const url = /Server listening at (http:\/\/[^"]+)/.exec(output)?.[1]
  t.ok(url, 'the server listens')
  const token = tokenFor(config, { tenant: 'acme', roles: ['reader'] })

  const outcomes: Outcome[] = []
  let termAt = 0
  // Clients as the 503 asks them to behave: after `Retry-After`, they try again (here, the same instance, which by
  // then refuses: a refused connection never reached the server). Half open a connection per request, half keep one.
  const client = async (agent: Agent | false): Promise<void> => {
    for (;;) {
      const outcome = await get(url!, token, agent)
      outcomes.push(outcome)
      if (outcome.kind === 'refused' || outcome.kind === 'dropped') return
      if (outcome.kind === 'shutting-down') await sleep((outcome.retryAfterS ?? 1) * 1000)
    }
  }
  const agents = Array.from({ length: CLIENTS / 2 }, () => new Agent({ keepAlive: true, maxSockets: 1 }))
  t.teardown(() => { for (const agent of agents) agent.destroy() })
  const clients = [...agents, ...Array<false>(CLIENTS / 2).fill(false)].map(async agent => { await client(agent) })
  // Every client's first search is uncached (over a second on a loaded machine): once each has had its answer,
  // one more second of load, so that answers are being served when the signal comes.
  const warmDeadline = Date.now() + 30_000
  while (outcomes.filter(o => o.kind === 'full').length < CLIENTS && Date.now() < warmDeadline) await sleep(50)
  await sleep(1000)
  server.kill('SIGTERM')
  termAt = performance.now()
  const [code] = await once(server, 'exit')
  const exitMs = performance.now() - termAt
  await Promise.all(clients)
  const count = (kind: Outcome['kind']) => outcomes.filter(o => o.kind === kind).length
  t.equal(code, 0, 'a graceful exit')
  t.equal(count('dropped'), 0, 'no request reset: the listener stayed open until the clients were told to wait')
  t.equal(count('other'), 0, 'nothing but full answers and 503 SHUTTING_DOWN')
  t.equal(count('shutting-down'), CLIENTS, 'each client was told to retry once, then found the listener closed')
  t.equal(count('refused'), CLIENTS, 'every client ends on a refused connection, never on a reset')
  t.ok(count('full') > CLIENTS, 'answers were served up to the signal')
  report(t, 'sigterm', {
    acknowledged: count('full'),
    lost: 0,
    doubleApplied: 0,
    failedReads: count('dropped') + count('other'),
    unavailable: count('shutting-down'),
    refusedAfterClose: count('refused'),
    maxLatencyMs: Math.round(Math.max(...outcomes.map(o => o.ms))),
    recoveryMs: Math.round(exitMs)
  })
})
