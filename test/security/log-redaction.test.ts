import { test } from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { loadConfig } from '../../src/config/load-config.ts'
import { signDevToken } from '../../src/http/dev-token.ts'
import { redactUrl } from '../../src/app-options.ts'
import { removeTestData, testEnv } from '../helpers/build.ts'

test('tokens never reach the log, wherever the client puts them', async t => {
  const env = { ...process.env, ...testEnv(t.name, { PORT: '0', LOG_LEVEL: 'trace' }) }
  const config = loadConfig(env)
  t.teardown(() => removeTestData(config))
  const jwt = config.jwt
  const valid = signDevToken(jwt, { tenant: 'acme', roles: ['reader'] })
  const expired = signDevToken(jwt, { tenant: 'acme', roles: ['admin'], ttlS: -60 })
  const server = spawn(process.execPath, ['src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  server.stdout.on('data', chunk => { output += String(chunk) })
  server.stderr.on('data', chunk => { output += String(chunk) })
  t.teardown(() => { if (server.exitCode === null) server.kill('SIGKILL') })
  const deadline = Date.now() + 20_000
  while (!/Server listening at/.test(output) && Date.now() < deadline) await sleep(50)
  const base = /Server listening at (http:\/\/[^"]+)/.exec(output)?.[1]
  if (base === undefined) throw new Error(`the server did not start:\n${output}`)

  const statuses = [
    (await fetch(`${base}/v1/analyses/some-id`, { headers: { authorization: `Bearer ${valid}` } })).status,
    (await fetch(`${base}/v1/analyses/some-id`, { headers: { authorization: `Bearer ${expired}` } })).status,
    (await fetch(`${base}/v1/analyses/some-id?access_token=${valid}`)).status,
    (await fetch(`${base}/v1/analyses/some-id?id_token=${expired}&x=1`)).status,
    (await fetch(`${base}/v1/nowhere/${valid}`)).status,
    (await fetch(`${base}/v1/analyses/some-id`, { headers: { cookie: `token=${valid}`, 'x-api-key': valid } })).status
  ]
  t.equal(statuses[1], 401, 'the expired token was refused')
  t.same(statuses.slice(2, 4), [401, 401], 'tokens in the query are refused')
  server.kill('SIGTERM')
  await once(server, 'exit')

  t.match(output, /"url":"\/v1\/analyses\/some-id\?access_token=\[redacted\]"/, 'the request was logged, its token redacted')
  t.match(output, /token refused/, 'refusals are logged with their reason')
  for (const [name, token] of [['valid', valid], ['expired', expired]] as const) {
    const signature = token.split('.')[2]!
    t.notOk(output.includes(signature), `no part of the ${name} token's signature in the log`)
    t.notOk(output.includes(token.split('.')[1]!), `no ${name} token payload in the log`)
  }
})

test('redactUrl', async t => {
  t.equal(redactUrl('/v1/search?q=cat&access_token=abc.def&size=5'), '/v1/search?q=cat&access_token=[redacted]&size=5')
  t.equal(redactUrl('/x?TOKEN=1&apiKey=2&password=3'), '/x?TOKEN=[redacted]&apiKey=[redacted]&password=[redacted]')
  t.equal(redactUrl('/x/eyJhbGciOi.eyJzdWIi.c2ln/y'), '/x/[redacted]/y')
  t.equal(redactUrl('/v1/search?q=token'), '/v1/search?q=token', 'a value that merely says token is kept')
})
