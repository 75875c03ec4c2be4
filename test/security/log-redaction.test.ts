import { test, type Test } from 'tap'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { Client, errors } from '@elastic/elasticsearch'
import { Redis } from 'ioredis'
import { scrubReason, summarizeError } from '../../src/clients/error-summary.ts'
import { loadConfig } from '../../src/config/load-config.ts'
import { signDevToken } from '../../src/http/dev-token.ts'
import { redactUrl } from '../../src/app-options.ts'
import { deleteKeys, ES_URL, REDIS_URL, removeTestData, testEnv, uniquePrefix } from '../helpers/build.ts'
import { freePort } from '../helpers/free-port.ts'
import { seedAnalysis } from '../helpers/seed.ts'

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

/** Starts src/server.ts with `env`; its whole output (pino lines) is collected. */
async function startServer (t: Test, env: NodeJS.ProcessEnv) {
  const server = spawn(process.execPath, ['src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const log = { text: '' }
  server.stdout.on('data', chunk => { log.text += String(chunk) })
  server.stderr.on('data', chunk => { log.text += String(chunk) })
  t.teardown(() => { if (server.exitCode === null) server.kill('SIGKILL') })
  const deadline = Date.now() + 20_000
  while (!/Server listening at/.test(log.text) && Date.now() < deadline) await sleep(50)
  const base = /Server listening at (http:\/\/[^"]+)/.exec(log.text)?.[1]
  if (base === undefined) throw new Error(`the server did not start:\n${log.text}`)
  const stop = async () => { server.kill('SIGTERM'); await once(server, 'exit') }
  return { base, log, stop }
}

test('an Elasticsearch outage: failures are logged as operation, index and error type, never with the documents', async t => {
  const closedPort = await freePort()
  const env = { ...process.env, ...testEnv(t.name, { PORT: '0', LOG_LEVEL: 'debug', ES_URL: `http://127.0.0.1:${closedPort}` }) }
  const config = loadConfig(env)
  t.teardown(() => deleteKeys(config.redis.keyPrefix))
  const { base, log, stop } = await startServer(t, env)
  const auth = { authorization: `Bearer ${signDevToken(config.jwt, { tenant: 'acme', roles: ['ingester'] })}` }
  const marker = `Quixotic${randomBytes(4).toString('hex')}`
  const doc = (n: number) => ({ ...seedAnalysis(), caption: `${marker} caption number ${n} of a heron at dawn` })
  const json = { ...auth, 'content-type': 'application/json' }
  const statuses = [
    (await fetch(`${base}/v1/analyses`, { method: 'POST', headers: json, body: JSON.stringify(doc(1)) })).status,
    (await fetch(`${base}/v1/analyses/d2`, { method: 'PUT', headers: json, body: JSON.stringify(doc(2)) })).status,
    (await fetch(`${base}/v1/analyses/_bulk`, { method: 'POST', headers: json, body: JSON.stringify([doc(3), doc(4)]) })).status,
    // A GET's query string is part of the logged URL (credentials redacted); search text sent by POST is not.
    (await fetch(`${base}/v1/search?q=heron`, { headers: auth })).status,
    (await fetch(`${base}/v1/search`, { method: 'POST', headers: json, body: JSON.stringify({ q: marker }) })).status
  ]
  await stop()
  t.same(statuses, [503, 503, 503, 503, 503], 'every call failed on the outage')
  const lines = log.text.split('\n').filter(line => line.includes('"err"'))
  t.ok(lines.length >= 5, `${lines.length} lines logged an error`)
  t.equal(lines.filter(line => line.includes('"msg":"request failed"')).length, 5, 'each failed request logged once')
  t.equal(log.text.split(marker).length - 1, 0, 'no caption, document or query text in the whole log')
  t.notOk(log.text.includes('heron at dawn'))
  // Every write and every uncached search reads the tenant's vocabulary first (docs/vocabulary.md): with
  // Elasticsearch away, that read is the call that fails, and a write says it stored nothing.
  const vocabularyRead = '"type":"ConnectionError","message":"[^"]*ECONNREFUSED[^"]*","operation":"GET _doc","index":"t-[^"]*-vocabulary"'
  t.match(log.text, new RegExp(`"err":\\{"type":"WriteNotStoredError","message":"The write was not stored","stack":"[^"]*","cause":\\{${vocabularyRead}\\}`), 'a write names the call that failed, its index, and that nothing was stored')
  t.equal(log.text.split('"type":"WriteNotStoredError"').length - 1, 3, 'the single writes and the bulk')
  t.match(log.text, new RegExp(`"reqId":"[^"]*","err":\\{${vocabularyRead}\\},"msg":"request failed"`), 'a search names the call that failed and its index')
  const longest = Math.max(...lines.map(line => line.length))
  t.ok(longest < 1500, `compact lines (longest ${longest} characters)`)
})

test('Elasticsearch refusals quote the document: the summary keeps status, type and reason, never the quoted values', async t => {
  const es = new Client({ node: ES_URL })
  const index = `${uniquePrefix(t.name)}-refusals`
  t.teardown(async () => { await es.indices.delete({ index }, { ignore: [404] }); await es.close() })
  await es.indices.create({ index, mappings: { dynamic: 'strict', properties: { n: { type: 'integer' }, k: { type: 'keyword' } } } })
  const refusal = async (document: Record<string, unknown>) => {
    try {
      await es.index({ index, id: 'secret-id-77', document })
    } catch (error) {
      return JSON.stringify(summarizeError(error))
    }
    throw new Error('Elasticsearch accepted the document')
  }
  const notANumber = await refusal({ n: 'SECRETVALUE-1' })
  t.notOk(notANumber.includes('SECRETVALUE'), notANumber)
  t.notOk(notANumber.includes('secret-id-77'), 'nor the document id')
  t.match(JSON.parse(notANumber), { type: 'ResponseError', operation: 'PUT _doc', index, status: 400, error_type: /document_parsing_exception/, reason: /failed to parse field \[n\] of type \[integer\]/ })
  const immense = await refusal({ k: `${'é'.repeat(17_000)}SECRETVALUE-2` })
  t.notOk(immense.includes('SECRETVALUE') || immense.includes('195, 169'), immense)
  t.match(JSON.parse(immense), { status: 400, error_type: /document_parsing_exception/, reason: /failed to parse field \[k\] of type \[keyword\]/ })
})

test('Redis errors: the command name, never its arguments', async t => {
  const redis = new Redis(REDIS_URL)
  const key = `${uniquePrefix(t.name)}:wrongtype`
  t.teardown(async () => { await redis.del(key); redis.disconnect() })
  await redis.set(key, 'a string')
  const error = await redis.hset(key, 'field', 'SECRETVALUE-3').then(() => null, (e: unknown) => e)
  const summary = JSON.stringify(summarizeError(error))
  t.notOk(summary.includes('SECRETVALUE') || summary.includes(key), summary)
  t.match(JSON.parse(summary), { type: 'ReplyError', command: 'hset', message: /WRONGTYPE/ })
})

test('other errors keep type, message, frames and their cause, summarized the same way', async t => {
  const cause = Object.assign(new Error('ERR something'), { command: { name: 'eval', args: ['SECRETVALUE-4'] } })
  const summary = summarizeError(new TypeError('outer', { cause })) as Record<string, unknown>
  t.match(summary, { type: 'TypeError', message: 'outer', stack: /^\s+at /, cause: { command: 'eval', message: 'ERR something' } })
  t.notOk(JSON.stringify(summary).includes('SECRETVALUE'))
  t.equal(summarizeError('a string'), 'a string', 'not an error: left as it is')
  // A refusal without an error body (a proxy's 502 in front of Elasticsearch): the status says it all.
  const bare = new errors.ResponseError({ body: '<html>SECRETVALUE-5</html>', statusCode: 502, headers: {}, warnings: null, meta: { request: { params: { method: 'POST', path: '/idx/_search', body: '{"q":"SECRETVALUE-6"}' } } } } as never)
  t.same(summarizeError(bare), { type: 'ResponseError', message: 'status 502', operation: 'POST _search', index: 'idx', status: 502 })
  t.equal(scrubReason(`value 'x' and 'y' ${'z'.repeat(400)}`).length, 301, 'capped')
})
