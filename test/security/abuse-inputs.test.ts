import { test, type Test } from 'tap'
import { connect } from 'node:net'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { ERRORS, problemTypeUri, type ErrorCode } from '../../src/http/errors.ts'
import { bearer, build } from '../helpers/build.ts'
import { foreignWords, loadIsolationCorpus, MARKERS, model, tokens } from './isolation-fixtures.ts'

// API4 (unrestricted resource consumption), API8 (misconfiguration: every error a catalogue problem) and API1
// (injection-looking input never reaches another tenant's data). Each abuse is a documented 4xx, never a 5xx.
const env = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' }
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`
const json = { 'content-type': 'application/json' }
const ndjson = { 'content-type': 'application/x-ndjson' }

function parse (res: { body: string }): Record<string, any> {
  try { return JSON.parse(res.body) } catch { return {} }
}

/** A documented 4xx: problem+json whose `code` is in the catalogue with the answer's status. */
function documented (t: Test, res: LightMyRequestResponse, what: string, status?: number, code?: ErrorCode): void {
  const body = parse(res)
  const catalogued = (ERRORS as Record<string, { status: number }>)[body.code]?.status === res.statusCode
  const got = { status: res.statusCode, problemJson: /^application\/problem\+json/.test(String(res.headers['content-type'])), catalogued, code: body.code }
  t.same(got, { status: status ?? (res.statusCode >= 400 && res.statusCode < 500 ? res.statusCode : '4xx'), problemJson: true, catalogued: true, code: code ?? body.code }, `${what}: ${JSON.stringify(got)}`)
  t.notMatch(res.body, /call stack|RangeError|\bat .*\.(ts|js):\d+/, `${what}: no engine message`)
}

type Case = [string, InjectOptions, number, ErrorCode]

async function runCases (t: Test, app: FastifyInstance, headers: Record<string, string>, cases: Case[]): Promise<void> {
  for (const [name, options, status, code] of cases) {
    documented(t, await app.inject({ ...options, headers: { ...headers, ...options.headers as Record<string, string> } }), name, status, code)
  }
}

test('abusive inputs are documented 4xx problems, never a 5xx', async t => {
  const app = await build(t, env)
  await loadIsolationCorpus(app)
  const admin = tokens(app).acme.admin
  const reader = tokens(app).acme.reader
  const big = 'x'.repeat(300 * 1024)

  await t.test('oversize bodies', async t => runCases(t, app, admin, [
    ['POST /v1/analyses over 256 KiB', { method: 'POST', url: '/v1/analyses', headers: json, payload: JSON.stringify({ caption: big, image_analysis: {} }) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['PUT over 256 KiB', { method: 'PUT', url: '/v1/analyses/big', headers: json, payload: JSON.stringify({ image_analysis: { a: big } }) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['POST /v1/search over 1 MiB', { method: 'POST', url: '/v1/search', headers: json, payload: JSON.stringify({ q: big.repeat(4) }) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['bulk over 10 MiB', { method: 'POST', url: '/v1/analyses/_bulk', headers: ndjson, payload: `${JSON.stringify({ image_analysis: { a: 'y'.repeat(1000) } })}\n`.repeat(11 * 1024) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['bulk of 1,001 documents', { method: 'POST', url: '/v1/analyses/_bulk', headers: ndjson, payload: '{"image_analysis":{}}\n'.repeat(1001) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['admin flush with a 2 MiB body', { method: 'POST', url: '/v1/admin/cache/flush', headers: json, payload: JSON.stringify({ a: big.repeat(7) }) }, 413, 'PAYLOAD_TOO_LARGE']
  ]))

  // FINDING: document-limits.ts counts depth only inside image_analysis, and recursively: nesting anywhere else
  // overflows the stack (RangeError → 500), in every JSON body of the app and in bulk items.
  await t.test('deeply nested bodies', async t => {
    await runCases(t, app, admin, [
      ['image_analysis nested 5,000 deep', { method: 'POST', url: '/v1/analyses', headers: json, payload: `{"image_analysis":${deepObject(5000)}}` }, 400, 'DOCUMENT_LIMIT'],
      ['tags nested 20,000 deep', { method: 'POST', url: '/v1/analyses', headers: json, payload: `{"image_analysis":{},"tags":${deepArray(20_000)}}` }, 400, 'DOCUMENT_LIMIT'],
      ['PUT caption nested 20,000 deep', { method: 'PUT', url: '/v1/analyses/deep', headers: json, payload: `{"image_analysis":{},"caption":${deepObject(20_000)}}` }, 400, 'DOCUMENT_LIMIT'],
      ['search q nested 50,000 deep', { method: 'POST', url: '/v1/search', headers: json, payload: `{"q":${deepArray(50_000)}}` }, 400, 'DOCUMENT_LIMIT'],
      ['search body nested 50,000 deep', { method: 'POST', url: '/v1/search', headers: json, payload: deepArray(50_000) }, 400, 'DOCUMENT_LIMIT'],
      ['cache flush body nested 50,000 deep', { method: 'POST', url: '/v1/admin/cache/flush', headers: json, payload: deepArray(50_000) }, 400, 'DOCUMENT_LIMIT']
    ])
    // A bulk may refuse the whole body or the item: either way for its depth, and in words of the catalogue.
    for (const [name, headers, payload] of [
      ['bulk JSON array nested 50,000 deep', json, deepArray(50_000)],
      ['bulk JSON item with tags nested 50,000 deep', json, `[{"image_analysis":{},"tags":${deepArray(50_000)}}]`],
      ['bulk JSON item with image_analysis nested 20,000 deep', json, `[{"image_analysis":${deepObject(20_000)}}]`],
      ['bulk NDJSON line with tags nested 50,000 deep', ndjson, `{"image_analysis":{},"tags":${deepArray(50_000)}}`]
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/v1/analyses/_bulk', headers: { ...admin, ...headers }, payload })
      const item = parse(res).items?.[0]
      const refusal = res.statusCode === 200 ? { status: item?.status, code: item?.error?.code } : { status: res.statusCode, code: parse(res).code }
      t.same(refusal, { status: 400, code: 'DOCUMENT_LIMIT' }, `${name}: refused for its depth (${res.statusCode})`)
      t.notMatch(res.body, /call stack/, `${name}: no engine message`)
    }
  })

  await t.test('numbers out of range or not numbers', async t => runCases(t, app, reader, [
    ...['size=100000', 'size=-1', 'size=1.5', 'size=abc', 'size=1e400', 'size=NaN', 'size=Infinity', 'size='].map((q): Case =>
      [`search ${q}`, { url: `/v1/search?${q}` }, 400, 'VALIDATION_FAILED']),
    ['search facet_size=1e6', { url: '/v1/search?facet_size=1e6' }, 400, 'VALIDATION_FAILED'],
    ['search focal_mm=1e400', { url: '/v1/search?focal_mm=1e400' }, 400, 'VALIDATION_FAILED'],
    ['values size=100000', { url: '/v1/facets/setting/values?size=100000' }, 400, 'VALIDATION_FAILED'],
    ['POST search size 1e400 (Infinity)', { method: 'POST', url: '/v1/search', headers: json, payload: '{"size":1e400}' }, 400, 'VALIDATION_FAILED']
  ]))

  await t.test('1,000 repeated parameters', async t => {
    const many = (name: string, value = (i: number) => `v${i}`) => Array.from({ length: 1000 }, (_, i) => `${name}=${value(i)}`).join('&')
    await runCases(t, app, reader, [
      ['setting ×1000', { url: `/v1/search?${many('setting')}` }, 400, 'VALIDATION_FAILED'],
      ['facets ×1000', { url: `/v1/search?${many('facets', () => 'setting')}` }, 400, 'VALIDATION_FAILED'],
      ['facets with 1,000 comma-separated names', { url: `/v1/search?facets=${Array(1000).fill('mood').join(',')}` }, 400, 'VALIDATION_FAILED'],
      ['q ×1000', { url: `/v1/search?${many('q')}` }, 400, 'VALIDATION_FAILED'],
      ['1,000 unknown parameters', { url: `/v1/search?${Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&')}` }, 400, 'UNKNOWN_FIELD'],
      ['values: mood ×1000', { url: `/v1/facets/setting/values?${many('mood')}` }, 400, 'VALIDATION_FAILED'],
      ['values: prefix ×1000', { url: `/v1/facets/setting/values?${many('prefix')}` }, 400, 'VALIDATION_FAILED']
    ])
  })

  await t.test('prototype names as facets, parameters and keys', async t => runCases(t, app, reader, [
    ...['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'].flatMap((name): Case[] => [
      [`facets=${name}`, { url: `/v1/search?facets=${name}` }, 400, 'VALIDATION_FAILED'],
      [`/v1/facets/${name}/values`, { url: `/v1/facets/${name}/values` }, 400, 'VALIDATION_FAILED'],
      [`?${name}=x`, { url: `/v1/search?${name}=x` }, 400, 'UNKNOWN_FIELD']
    ]),
    ['?__proto__[size]=1000', { url: '/v1/search?__proto__[size]=1000' }, 400, 'UNKNOWN_FIELD'],
    ['POST facets ["__proto__"]', { method: 'POST', url: '/v1/search', headers: json, payload: '{"facets":["__proto__"]}' }, 400, 'VALIDATION_FAILED'],
    ['POST {"__proto__":{"size":1000}}', { method: 'POST', url: '/v1/search', headers: json, payload: '{"__proto__":{"size":1000}}' }, 400, 'DOCUMENT_LIMIT'],
    ['POST {"constructor":{"prototype":{}}}', { method: 'POST', url: '/v1/search', headers: json, payload: '{"constructor":{"prototype":{}}}' }, 400, 'DOCUMENT_LIMIT']
  ]))

  await t.test('facet-value prefixes: 10 KB refused, hostile 200-character ones are literal', async t => {
    documented(t, await app.inject({ url: `/v1/facets/setting/values?prefix=${'j'.repeat(10 * 1024)}`, headers: reader }), 'prefix of 10 KB', 400, 'VALIDATION_FAILED')
    for (const prefix of ['('.repeat(200), '['.repeat(200), '\\'.repeat(200), '.*'.repeat(100), '{1,1000}'.repeat(25), '\u0000'.repeat(200), '🌋'.repeat(100), `${'a|'.repeat(99)}.*`]) {
      const res = await app.inject({ url: `/v1/facets/setting/values?prefix=${encodeURIComponent(prefix)}`, headers: reader })
      t.same([res.statusCode, res.json().values], [200, []], `prefix ${JSON.stringify(prefix.slice(0, 12))}…: 200, nothing`)
    }
  })

  await t.test('path traversal in path parameters', async t => runCases(t, app, admin, [
    ['facet ..%2F..%2Fadmin', { url: '/v1/facets/..%2F..%2Fadmin/values' }, 400, 'VALIDATION_FAILED'],
    ['facet %2e%2e%2f%2e%2e%2fadmin', { url: '/v1/facets/%2e%2e%2f%2e%2e%2fadmin/values' }, 400, 'VALIDATION_FAILED'],
    ['facet setting%2F..%2Fadmin', { url: '/v1/facets/setting%2F..%2F..%2Fadmin/values' }, 400, 'VALIDATION_FAILED'],
    ['facet ../../admin (resolved by the URL)', { url: '/v1/facets/../../admin/values' }, 404, 'ROUTE_NOT_FOUND'],
    ['facet setting%00', { url: '/v1/facets/setting%00/values' }, 400, 'VALIDATION_FAILED'],
    ['id ..%2F..%2Fadmin%2Fcache%2Fflush', { method: 'DELETE', url: '/v1/analyses/..%2F..%2Fadmin%2Fcache%2Fflush' }, 400, 'VALIDATION_FAILED'],
    ['id with %00', { url: '/v1/analyses/a01%00' }, 400, 'VALIDATION_FAILED'],
    ['id with a broken escape', { url: '/v1/analyses/%E0%A4%A' }, 400, 'VALIDATION_FAILED'],
    ['id of 100 KB', { url: `/v1/analyses/${'a'.repeat(100 * 1024)}` }, 414, 'URI_TOO_LONG']
  ]))

  await t.test('JSON with duplicate keys: the last one counts, for validation and storage alike', async t => {
    await runCases(t, app, admin, [
      ['size 5 then 500', { method: 'POST', url: '/v1/search', headers: json, payload: '{"size":5,"size":500}' }, 400, 'VALIDATION_FAILED'],
      ['q as text then as a query object', { method: 'POST', url: '/v1/search', headers: json, payload: '{"q":"jungle","q":{"match_all":{}}}' }, 400, 'VALIDATION_FAILED'],
      ['tenant twice', { method: 'POST', url: '/v1/analyses', headers: json, payload: '{"image_analysis":{},"tenant":"acme","tenant":"rival"}' }, 400, 'UNKNOWN_FIELD'],
      ['a valid id then a bad one', { method: 'POST', url: '/v1/analyses', headers: json, payload: '{"id":"dup-1","image_analysis":{},"id":"../x"}' }, 400, 'VALIDATION_FAILED'],
      ['image_analysis then one with __proto__', { method: 'POST', url: '/v1/analyses', headers: json, payload: '{"image_analysis":{"a":1},"image_analysis":{"__proto__":{"x":1}}}' }, 400, 'DOCUMENT_LIMIT']
    ])
    const stored = await app.inject({ method: 'PUT', url: '/v1/analyses/dup-2', headers: { ...admin, ...json }, payload: '{"image_analysis":{"x":"first"},"image_analysis":{"x":"second"}}' })
    t.equal(stored.statusCode, 201)
    t.same((await app.inject({ url: '/v1/analyses/dup-2', headers: reader })).json().image_analysis, { x: 'second' }, 'what was validated is what was stored')
  })

  await t.test('bodies that are not UTF-8 JSON', async t => {
    const utf16 = Buffer.from('{"q":"jungle"}', 'utf16le')
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16])
    const sends: Array<[string, string, string, Buffer | string]> = [
      ['search, UTF-16 labelled utf-16', '/v1/search', 'application/json; charset=utf-16', utf16],
      ['search, UTF-16 with a BOM', '/v1/search', 'application/json; charset=utf-16', withBom],
      ['analysis, UTF-16', '/v1/analyses', 'application/json; charset=utf-16', Buffer.from('{"image_analysis":{}}', 'utf16le')],
      ['search as text/plain', '/v1/search', 'text/plain', '{"q":"jungle"}'],
      ['search as multipart', '/v1/search', 'multipart/form-data; boundary=x', '--x\r\n\r\n{}\r\n--x--'],
      ['search as application/xml', '/v1/search', 'application/xml', '<q>jungle</q>'],
      ['bulk, UTF-16 NDJSON', '/v1/analyses/_bulk', 'application/x-ndjson; charset=utf-16', Buffer.from('{"image_analysis":{}}\n', 'utf16le')]
    ]
    for (const [name, url, type, payload] of sends) {
      const res = await app.inject({ method: 'POST', url, headers: { ...admin, 'content-type': type }, payload })
      if (res.statusCode === 200 && url.endsWith('_bulk')) {
        t.ok(res.json().items.every((item: { status: number }) => item.status === 400), `${name}: every item refused`)
      } else {
        documented(t, res, name)
      }
    }
  })

  await t.test('query syntax in q is text: 200 or 400, never 5xx, never rival\'s data', async t => {
    const captions = model('acme').captions
    const texts = ['tenant:rival OR *', 'tenant:rival', '/.*/', '*x', '*', '(((('.repeat(1000), '(((('.repeat(250), '\\"', '"', '\\\\', '\\', '\u0000',
      'rival:a01', '_id:rival\\:a01', '{"query":{"match_all":{}}}', '\' OR 1=1 --', '🌋 volcano', 'ｔｅｎａｎｔ：ｒｉｖａｌ', '\u202e',
      `${MARKERS.rival} OR ${MARKERS.acme}`, `"${MARKERS.rival}"`, `-${MARKERS.acme}`, 'zeppelin~2', 'lightho*']
    const urls = texts.flatMap(q => [`/v1/search?size=100&q=${encodeURIComponent(q)}`, `/v1/facets/setting/values?q=${encodeURIComponent(q)}`])
    urls.push('/v1/search?q=%00', '/v1/search?q=%ED%A0%80', '/v1/search?q=%E0%A4%A')
    for (const url of urls) {
      const res = await app.inject({ url, headers: reader })
      if (res.statusCode !== 200) { documented(t, res, url.slice(0, 60), 400); continue }
      t.same(foreignWords('acme', res.body), [], `${url.slice(0, 60)}: nothing of rival`)
      const hits = res.json().hits as Array<{ id: string, caption: string }> | undefined
      if (hits !== undefined) t.ok(hits.every(hit => captions.get(hit.id) === hit.caption), `${url.slice(0, 60)}: acme's own hits`)
    }
  })
})

test('over-long URLs: a 4xx problem or a closed connection, never a 5xx', async t => {
  const app = await build(t, env)
  const reader = tokens(app).acme.reader
  documented(t, await app.inject({ url: `/v1/search?q=${'x'.repeat(100 * 1024)}`, headers: reader }), 'inject: q of 100 KB', 400, 'VALIDATION_FAILED')
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const raw = (url: string) => new Promise<string>(resolve => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${url} HTTP/1.1\r\nHost: x\r\nAuthorization: ${reader.authorization}\r\nConnection: close\r\n\r\n`))
    let data = ''
    socket.on('data', chunk => { data += String(chunk) })
    socket.on('error', () => {})
    socket.on('close', () => resolve(data))
  })
  const answer = (text: string) => ({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), type: /content-type: ([^\r\n]+)/i.exec(text)?.[1] ?? '' })
  const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))
  const short = answer(await raw(`/v1/search?q=${'x'.repeat(8 * 1024)}`))
  t.same(short, { status: 400, type: 'application/problem+json; charset=utf-8' }, '8 KB: the route\'s own 400 problem')
  // Past Node's 16 KiB header limit the request never reaches Fastify: the raw-socket path answers the 431 problem.
  for (const kb of [17, 100, 1024]) {
    const text = await raw(`/v1/search?q=${'x'.repeat(kb * 1024)}`)
    const got = answer(text)
    t.ok(got.status === 0 || (got.status >= 400 && got.status < 500), `${kb} KB: closed or 4xx (${got.status})`)
    if (got.status === 0) continue
    t.match(got.type, /^application\/problem\+json/, `${kb} KB: a problem document (got ${got.type})`)
    // Written to the socket before Fastify sees the request, by the same writer as every other error answer.
    const problem = bodyOf(text)
    t.match(problem, { type: problemTypeUri('HEADERS_TOO_LARGE'), title: ERRORS.HEADERS_TOO_LARGE.title, status: 431, code: 'HEADERS_TOO_LARGE', detail: /16 KiB/ }, `${kb} KB: the catalogue's 431 problem`)
    t.same(Object.keys(problem).sort(), ['code', 'detail', 'status', 'title', 'type'], `${kb} KB: nothing but the problem's members`)
  }
})

test('a burst past a principal\'s read budget is cut with 429 and the RateLimit fields', async t => {
  const app = await build(t, { RATE_LIMIT_IP_MAX: '1000', RATE_LIMIT_READ_MAX: '5' })
  await loadIsolationCorpus(app)
  const acme = bearer(app, { tenant: 'acme', sub: 'same-sub', roles: ['reader'] })
  const reads: InjectOptions[] = ['/v1/search?q=jungle', '/v1/facets/mood/values', '/v1/dashboard', '/v1/analyses/a01'].map(url => ({ url }))
  reads.push({ method: 'POST', url: '/v1/search', headers: json, payload: '{"q":"beach"}' })
  const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => reads[i % reads.length]!)
    .map(options => app.inject({ ...options, headers: { ...acme, ...options.headers as Record<string, string> } })))
  t.same(burst.map(res => res.statusCode).sort(), [...Array(5).fill(200), ...Array(10).fill(429)], 'exactly the budget of 5 served, across all read routes')
  for (const res of burst.filter(res => res.statusCode === 429)) {
    documented(t, res, '429', 429, 'RATE_LIMITED')
    const retry = Number(res.headers['retry-after'])
    t.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${retry}`)
    t.same([res.headers['ratelimit-limit'], res.headers['ratelimit-remaining'], res.headers['ratelimit-reset']], ['5', '0', String(retry)])
    t.notMatch(res.body, new RegExp(MARKERS.acme), 'no data in the refusal')
  }
  for (const res of burst.filter(res => res.statusCode === 200)) t.equal(res.headers['ratelimit-limit'], '5', 'served answers carry the fields too')
  const rival = await app.inject({ url: '/v1/search?q=jungle', headers: bearer(app, { tenant: 'rival', sub: 'same-sub', roles: ['reader'] }) })
  t.equal(rival.statusCode, 200, 'the same sub in another tenant has its own budget: acme cannot exhaust rival\'s')
})
