import { test } from 'tap'
import fc from 'fast-check'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { ERRORS } from '../../src/http/errors.ts'
import { FACETS } from '../../src/schemas/facets.ts'
import { build, TEST_SECRET } from '../helpers/build.ts'
import { handmade, hmac, now, registeredRoutes } from './support.ts'
import { CORPUS, foreignWords, loadIsolationCorpus, MARKERS, model, TENANTS, type CorpusTenant } from './isolation-fixtures.ts'

// Property-based fuzz of every registered route (API1, API3, API4, API5, API8): thousands of generated requests
// against the real app, Elasticsearch and Redis. Replay a run with FUZZ_SEED=<seed>; FUZZ_RUNS sets runs per route.
const SEED = Number(process.env.FUZZ_SEED ?? 20260101)
const RUNS = Number(process.env.FUZZ_RUNS ?? 700)
const limits = { RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_READ_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000', RATE_LIMIT_BULK_DOCS_MAX: '100000000' }

// Generated writes go to two scratch tenants; acme's and rival's corpus is only ever read.
const SCRATCH = { 'scratch-a': 'scratchamarker', 'scratch-b': 'scratchbmarker' } as const
const ALL_MARKERS: Record<string, string> = { ...MARKERS, ...SCRATCH }
const isCorpus = (tenant: string | null): tenant is CorpusTenant => tenant === 'acme' || tenant === 'rival'

type Role = 'public' | 'reader' | 'ingester' | 'admin'
const RANK: Record<string, number> = { reader: 1, ingester: 2, admin: 3 }
interface Who { tenant: string | null, roles: string[] }
interface Req { method: InjectOptions['method'], url: string, headers: Record<string, string>, payload?: string | Buffer, who: Who }

const sign = (payload: Record<string, unknown>) => handmade({ alg: 'HS256', typ: 'JWT' }, payload, hmac('sha256', TEST_SECRET))
const claims = (extra: Record<string, unknown>) => ({ sub: 'fuzzer', tenant: 'acme', roles: ['admin'], iat: now(), exp: now() + 3600, ...extra })
const BAD_AUTH: Array<Record<string, string>> = [
  {}, { authorization: 'Bearer' }, { authorization: 'Bearer garbage' }, { authorization: 'Basic YWRtaW46YWRtaW4=' },
  { authorization: `Bearer ${sign(claims({ exp: now() - 3600 }))}` }, { authorization: `Bearer ${handmade({ alg: 'none' }, claims({}))}` },
  { authorization: `Bearer ${handmade({ alg: 'HS256' }, claims({}), hmac('sha256', 'another-secret-of-at-least-32-bytes!!'))}` },
  ...['ACME', '../rival', 'acme:rival', '', 42, ['acme', 'rival'], null].map(tenant => ({ authorization: `Bearer ${sign(claims({ tenant }))}` })),
  { authorization: `Bearer ${sign(claims({ sub: '' }))}` }, { cookie: `token=${sign(claims({}))}` }
]

/** A signed token of a random tenant and roles, or a refused one. Writers of acme and rival are made readers. */
function who (role: Role): fc.Arbitrary<{ who: Who, headers: Record<string, string> }> {
  const writes = role === 'ingester'
  const [mostly, sometimes] = writes ? [Object.keys(SCRATCH), [...TENANTS]] : [[...TENANTS], Object.keys(SCRATCH)]
  const good = fc.record({
    tenant: fc.oneof({ arbitrary: fc.constantFrom(...mostly), weight: 5 }, { arbitrary: fc.constantFrom(...sometimes), weight: 1 }),
    roles: fc.oneof({ arbitrary: fc.constant<string[]>([role === 'public' ? 'reader' : role]), weight: 4 },
      { arbitrary: fc.constantFrom<string[]>(['reader'], ['ingester'], ['admin'], ['reader', 'admin']), weight: 2 },
      { arbitrary: fc.subarray<string>(['reader', 'ingester', 'admin', 'superuser', 'ADMIN']), weight: 1 }),
    sub: fc.oneof(fc.constant('fuzzer'), fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }))
  }).map(({ tenant, roles, sub }) => {
    const safe = writes && isCorpus(tenant) ? roles.filter(name => name !== 'ingester' && name !== 'admin') : roles
    return { who: { tenant, roles: safe }, headers: { authorization: `Bearer ${sign(claims({ tenant, roles: safe, sub }))}` } }
  })
  const bad = fc.constantFrom(...BAD_AUTH).map(headers => ({ who: { tenant: null, roles: [] }, headers }))
  return fc.oneof({ arbitrary: good, weight: 9 }, { arbitrary: bad, weight: 1 })
}

const INJECTIONS = ['tenant:rival OR *', '/.*/', '*x', '*', '(((((', '\\"', '\\', '"', '%00', '\u0000', '{"match_all":{}}', '\' OR 1=1 --', '<script>', '{{7*7}}', '../../etc/passwd', '_id:rival\\:a01', 'ｔｅｎａｎｔ', '🌋', '\u202e']
const WORDS = ['jungle', 'beach', 'city street', 'desert', 'calm', 'wild', 'Telephoto', 'wide', 'shallow', 'deep', 'volcano', 'temple', 'lighthouse', 'waterfall', 'studio', 'zeppelin', 'jaguar', 'monkey', 'jungel', ...Object.values(ALL_MARKERS)]
const text = fc.oneof(
  { arbitrary: fc.constantFrom(...WORDS), weight: 4 },
  { arbitrary: fc.array(fc.constantFrom(...WORDS, ...INJECTIONS, '-', 'OR'), { maxLength: 6 }).map(parts => parts.join(' ')), weight: 3 },
  { arbitrary: fc.constantFrom(...INJECTIONS), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40, unit: 'binary' }), weight: 2 },
  { arbitrary: fc.constantFrom('', 'x'.repeat(1001), '(((('.repeat(300)), weight: 1 })
const numberish = (min: number, max: number) => fc.oneof({ arbitrary: fc.integer({ min, max }).map(String), weight: 8 }, { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.constantFrom('1e6', '1e400', '1.5', '-0', '-1', '0x10', 'NaN', 'Infinity', 'abc', '', '99999999999999999999', ' 5', '100000'), weight: 1 })
const facetName = fc.oneof({ arbitrary: fc.constantFrom(...FACETS, 'focal_mm'), weight: 15 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'tenant', 'SETTING', '', '..%2Fadmin'), weight: 1 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 })
// Cursors: CURSOR_<n> is replaced by the n-th cursor the same route has answered with so far (or a fake one).
const FAKE_CURSORS = ['abc.def.ghi', 'abc', '..']

const VALUES: Record<string, fc.Arbitrary<string>> = {
  q: text,
  focal_mm: numberish(0, 1000),
  focal_min: numberish(0, 1000),
  focal_max: numberish(0, 1000),
  sort: fc.constantFrom('relevance', 'newest', 'oldest', 'focal_mm', '-focal_mm', 'best', '', 'NEWEST'),
  size: numberish(0, 100),
  facet_size: numberish(1, 100),
  cursor: fc.oneof({ arbitrary: fc.nat().map(n => `CURSOR_${n}`), weight: 3 }, { arbitrary: fc.string({ maxLength: 30 }), weight: 1 }),
  facets: fc.array(facetName, { maxLength: 4 }).map(names => names.join(',')),
  prefix: fc.oneof(fc.constantFrom('volc', 'jung', 'light', 'water', 'c', '(', '.*', '[a-z]', '\\', 'x'.repeat(201), 'volcanp', '- '.repeat(12)), text),
  source: fc.oneof(fc.constantFrom('type:sunlight', 'color:golden,type:sunlight', 'type:', 'type:a,type:b', 'hue:red', 'color:(((', 'type:volcano', 'x'), text.map(value => `type:${value}`)),
  fields: fc.oneof(fc.constantFrom('', 'caption', 'image_analysis', 'image_analysis.environment', 'image_analysis.*', 'facets,highlight', '_source', 'tenant'), text),
  // wait_for holds the answer up to a refresh interval (1 s): rare, or the writes would dominate the run time.
  refresh: fc.oneof({ arbitrary: fc.constant('false'), weight: 24 }, { arbitrary: fc.constantFrom('true', '', 'WAIT_FOR'), weight: 6 }, { arbitrary: fc.constant('wait_for'), weight: 1 })
}
for (const name of FACETS) VALUES[name] = text
VALUES.search_q = text
VALUES.facet = facetName
const SELECTION = ['q', ...FACETS, 'source', 'focal_mm', 'focal_min', 'focal_max']
const PARAMS: Record<string, string[]> = {
  search: [...SELECTION, 'sort', 'size', 'cursor', 'facets', 'facet_size', 'fields'],
  values: [...SELECTION, 'prefix', 'size'],
  facets: [...SELECTION, 'search_q', 'facets', 'size'],
  similar: [...SELECTION, 'size', 'fields'],
  write: ['refresh'],
  suggestions: ['facet'],
  none: []
}
const UNKNOWN = fc.oneof(fc.constantFrom('tenant', '__proto__', 'constructor', 'q[]', 'size[0]', 'access_token', 'toString'), fc.string({ maxLength: 10 }))
const RAW_JUNK = ['%', '%zz', '%00', '%E0%A4%A', '%2F', '&&', '==', '#x', '%ED%A0%80']

const encode = (value: string) => encodeURIComponent(value.toWellFormed())

function queryString (kind: keyof typeof PARAMS): fc.Arbitrary<string> {
  const known = PARAMS[kind]!
  const pair = known.length === 0
    ? UNKNOWN.map(name => `${encode(name)}=x`)
    : fc.oneof({ arbitrary: fc.constantFrom(...known).chain(name => VALUES[name]!.map(value => `${name}=${encode(value)}`)), weight: 16 },
      { arbitrary: fc.tuple(UNKNOWN, text).map(([name, value]) => `${encode(name)}=${encode(value)}`), weight: 1 },
      { arbitrary: fc.constantFrom(...RAW_JUNK), weight: 1 })
  const repeated = fc.tuple(fc.constantFrom(...(known.length === 0 ? ['x'] : known)), fc.integer({ min: 40, max: 1000 })).map(([name, n]) => Array(n).fill(`${name}=v`).join('&'))
  return fc.oneof({ arbitrary: fc.array(pair, { maxLength: known.length <= 1 ? 1 : 5 }).map(pairs => pairs.join('&')), weight: 30 }, { arbitrary: repeated, weight: 1 })
}

// Bodies: a valid analysis (of the scratch tenants' vocabulary) mutated, arbitrary JSON, or not JSON at all.
const nest = (n: number, leaf: string, open: (inner: string) => string) => { let out = leaf; for (let i = 0; i < n; i++) out = open(out); return out }
const analysis = (marker: string, id: string) => ({ id, caption: `fuzzed ${marker}`, tags: ['t'], source: 'fuzz', image_analysis: { environment: { type: 'Outdoor', setting: 'Harbor / Quay' }, technical_aspects: { lens_type: '50mm', depth_of_field: 'Shallow' }, subject: { emotional_state: { mood: 'Dreamy' } } } })
type Mutation = (doc: Record<string, unknown>) => Record<string, unknown> | string
const FIELDS = ['id', 'caption', 'tags', 'source', 'image_analysis']
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...FIELDS).map(field => (doc: Record<string, unknown>) => { const { [field]: _gone, ...rest } = doc; return rest }),
  fc.tuple(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 })).map(([field, value]) => (doc: Record<string, unknown>) => ({ ...doc, [field]: value })),
  fc.tuple(fc.constantFrom('tenant', 'facets', 'indexed_at', 'normalizer_version', '_id', 'x'), fc.jsonValue({ maxDepth: 2 })).map(([field, value]) => (doc: Record<string, unknown>) => ({ ...doc, [field]: value })),
  fc.constantFrom(...FIELDS).map(field => (doc: Record<string, unknown>) => `{${JSON.stringify(field)}:"duplicate",${JSON.stringify(doc).slice(1)}`),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map(key => (doc: Record<string, unknown>) => JSON.stringify(doc).replace('"image_analysis":{', `"image_analysis":{"${key}":{"polluted":true},`)),
  fc.tuple(fc.constantFrom(3, 16, 17, 60, 5000, 20_000), fc.boolean()).map(([n, inside]) => (doc: Record<string, unknown>) => inside
    ? JSON.stringify(doc).replace('"image_analysis":{', `"image_analysis":{"deep":${nest(n, '1', inner => `{"a":${inner}}`)},`)
    : JSON.stringify(doc).replace('"tags":', `"tags":${nest(n, '[]', inner => `[${inner}]`)},"x":`)),
  fc.constantFrom(20_001, 300 * 1024).map(n => (doc: Record<string, unknown>) => ({ ...doc, image_analysis: { ...(doc.image_analysis as object), big: 'b'.repeat(n) } })),
  fc.constant((doc: Record<string, unknown>) => ({ ...doc, image_analysis: Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`k${i}`, i])) })),
  fc.string({ maxLength: 12, unit: 'binary' }).map(id => (doc: Record<string, unknown>) => ({ ...doc, id }))
)
const mutations = fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 3 })
const mutated = (marker: string, withId = true): fc.Arbitrary<string> => fc.tuple(mutations, fc.constantFrom('fz-1', 'a01', 'a04', 'a08', 'rx1')).map(([mutations, id]) => {
  const { id: _id, ...withoutId } = analysis(marker, id)
  let doc: Record<string, unknown> | string = withId ? analysis(marker, id) : withoutId
  for (const mutate of mutations) doc = typeof doc === 'string' ? doc : mutate(doc)
  return typeof doc === 'string' ? doc : JSON.stringify(doc)
})
const anyJson = fc.jsonValue({ maxDepth: 5 }).map(value => JSON.stringify(value))
const notJson = fc.oneof(fc.string({ maxLength: 60, unit: 'binary' }), fc.constantFrom('', ' ', '{', '[', 'null', '{"a":}', `${'['.repeat(30_000)}${']'.repeat(30_000)}`))
const body = (marker: string, withId = true) => fc.oneof({ arbitrary: mutated(marker, withId), weight: 6 }, { arbitrary: anyJson, weight: 2 }, { arbitrary: notJson, weight: 1 })
const validSearch = fc.record({ q: text, setting: fc.array(text, { maxLength: 2 }), mood: fc.array(text, { maxLength: 2 }), size: fc.integer({ min: 1, max: 100 }), facets: fc.subarray([...FACETS, 'focal_mm']), sort: fc.constantFrom('relevance', 'newest', 'oldest') }, { requiredKeys: [] })
const searchBody = fc.oneof({ arbitrary: validSearch.map(value => JSON.stringify(value)), weight: 6 },
  { arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS.search!), UNKNOWN), fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.integer({ min: -1, max: 150 }), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 5 }).map(value => JSON.stringify(value)), weight: 6 },
  { arbitrary: anyJson, weight: 2 }, { arbitrary: notJson, weight: 1 })
const bulkBody = (marker: string) => fc.oneof(
  fc.array(fc.oneof(body(marker), fc.constant('')), { maxLength: 6 }).map(lines => lines.join('\n')),
  fc.array(mutated(marker), { maxLength: 5 }).map(docs => `[${docs.join(',')}]`), anyJson, notJson)
const contentType = (preferred: string) => fc.oneof({ arbitrary: fc.constant(preferred), weight: 20 },
  { arbitrary: fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain', 'application/json; charset=utf-16', 'application/xml', 'multipart/form-data; boundary=x', 'APPLICATION/JSON'), weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 })

const ids = fc.oneof({ arbitrary: fc.constantFrom('a01', 'a04', 'a08', 'a14', 'rx1', 'fz-1', 'nobody', 'rival:a01', 'acme%3Aa01'), weight: 6 },
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/), weight: 2 }, { arbitrary: fc.string({ maxLength: 20, unit: 'binary' }).map(encode), weight: 2 },
  { arbitrary: fc.constantFrom('..%2F..%2Fadmin', '%2e%2e', 'x'.repeat(129), 'x'.repeat(257), '%00', '%E0%A4%A', 'a01%2Fx'), weight: 1 })
const facets = fc.oneof({ arbitrary: fc.constantFrom(...FACETS), weight: 6 }, { arbitrary: facetName.map(encode), weight: 2 }, { arbitrary: fc.constantFrom('..%2F..%2Fadmin', '%2e%2e', '__proto__'), weight: 1 })
const EXTRA_HEADERS = ['if-match', 'if-none-match', 'x-tenant', 'x-request-id', 'cache-control', 'accept', 'x-forwarded-for']
const extraHeaders = fc.dictionary(fc.constantFrom(...EXTRA_HEADERS),
  fc.constantFrom('*', '"1.2.1"', 'W/"abc"', '"1.99999999999999999999.1"', 'rival', 'no-cache', 'application/xml', 'a b', 'x'.repeat(300), '10.0.0.1'), { maxKeys: 2 })
const tail = fc.oneof(fc.constantFrom('index.html', 'swagger-ui.css', '..%2F..%2Fpackage.json', '%2e%2e/%2e%2e/package.json', 'x'), fc.string({ maxLength: 20 }).map(encode))

interface RouteSpec { role: Role, query: keyof typeof PARAMS, body?: (marker: string) => fc.Arbitrary<string>, type?: string }
const v1: Record<string, RouteSpec> = {
  'GET /v1/search': { role: 'reader', query: 'search' },
  'POST /v1/search': { role: 'reader', query: 'none', body: () => searchBody, type: 'application/json' },
  'GET /v1/facets/:facet/values': { role: 'reader', query: 'values' },
  'GET /v1/facets': { role: 'reader', query: 'facets' },
  'GET /v1/dashboard': { role: 'reader', query: 'none' },
  'GET /v1/analyses/:id': { role: 'reader', query: 'none' },
  'GET /v1/analyses/:id/similar': { role: 'reader', query: 'similar' },
  'POST /v1/analyses': { role: 'ingester', query: 'write', body, type: 'application/json' },
  'PUT /v1/analyses/:id': { role: 'ingester', query: 'write', body: marker => body(marker, false), type: 'application/json' },
  'DELETE /v1/analyses/:id': { role: 'ingester', query: 'write' },
  'POST /v1/analyses/_bulk': { role: 'ingester', query: 'write', body: bulkBody, type: 'application/x-ndjson' },
  'GET /v1/admin/cache/stats': { role: 'admin', query: 'none' },
  'POST /v1/admin/cache/flush': { role: 'admin', query: 'none', body: () => fc.oneof(anyJson, notJson), type: 'application/json' },
  'GET /v1/admin/reindex': { role: 'admin', query: 'none' },
  'POST /v1/admin/reindex': { role: 'admin', query: 'none', body: () => fc.oneof(anyJson, notJson), type: 'application/json' },
  'GET /v1/me': { role: 'reader', query: 'none' },
  'GET /v1/admin/vocabulary': { role: 'admin', query: 'none' },
  // Synonyms only among the valid documents: a merge would rename the corpus' values, which the checks below read as foreign.
  'PUT /v1/admin/vocabulary': { role: 'admin', query: 'none', body: () => fc.oneof(anyJson, notJson, fc.array(fc.array(fc.string(), { maxLength: 4 }), { maxLength: 4 }).map(synonyms => JSON.stringify({ synonyms }))), type: 'application/json' },
  'GET /v1/admin/vocabulary/suggestions': { role: 'admin', query: 'suggestions' }
}
// Public, data-free routes (health, the web page at / and /ui/*, and outside production the docs): listed by
// pattern so new docs assets count.
const PUBLIC = /^\/(healthz|readyz|openapi\.json|docs(\/.*)?|ui\/\*)?$/
const READS = new Set(['GET /v1/search', 'POST /v1/search', 'GET /v1/facets/:facet/values', 'GET /v1/facets', 'GET /v1/dashboard', 'GET /v1/analyses/:id', 'GET /v1/analyses/:id/similar'])

function specOf (method: string, path: string): RouteSpec | undefined {
  return v1[`${method === 'HEAD' ? 'GET' : method} ${path}`] ?? (PUBLIC.test(path) ? { role: 'public', query: 'none' } : undefined)
}

function requests (method: string, path: string, spec: RouteSpec): fc.Arbitrary<Req> {
  return fc.record({ auth: who(spec.role), id: ids, facet: facets, tail, qs: queryString(spec.query), type: contentType(spec.type ?? 'application/json'), withBody: fc.boolean(), extra: extraHeaders })
    .chain(draw => {
      const marker = draw.auth.who.tenant !== null && draw.auth.who.tenant in SCRATCH ? SCRATCH[draw.auth.who.tenant as keyof typeof SCRATCH] : 'nomarker'
      const payload = spec.body !== undefined ? spec.body(marker) : fc.constant(draw.withBody ? '{"tenant":"rival"}' : undefined)
      return payload.map((text): Req => {
        const url = `${path.replace(':id', draw.id).replace(':facet', draw.facet).replace('*', draw.tail)}${draw.qs === '' ? '' : `?${draw.qs}`}`
        const headers: Record<string, string> = { ...draw.extra, ...draw.auth.headers, ...(text !== undefined && draw.type !== undefined ? { 'content-type': draw.type } : {}) }
        return { method: method as InjectOptions['method'], url, headers, ...(text !== undefined && method !== 'GET' && method !== 'HEAD' ? { payload: text } : {}), who: draw.auth.who }
      })
    })
}

/** Nesting depth of a JSON text (string literals left out). */
function depth (text: string): number {
  let level = 0
  let max = 0
  for (const ch of text.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (ch === '[' || ch === '{') max = Math.max(max, ++level)
    else if (ch === ']' || ch === '}') level--
  }
  return max
}

const decoded = (url: string) => { try { return decodeURIComponent(url.replace(/\+/g, ' ')) } catch { return url } }

const checked: Record<CorpusTenant, number> = { acme: 0, rival: 0 }

/** Every way a response can be wrong; an empty list is a pass. */
function violations (route: string, spec: RouteSpec, req: Req, res: LightMyRequestResponse): string[] {
  const out: string[] = []
  const type = String(res.headers['content-type'] ?? '')
  // /readyz's 503 reports the state of its dependencies (its probe of the shards waits 1 s, which a loaded CI machine
  // can miss): an answer of readiness, not a failure of the input. It must still be a catalogue problem (below).
  const readiness = route.endsWith(' /readyz') && res.statusCode === 503
  if (res.statusCode >= 500 && !readiness) out.push(`status ${res.statusCode}`)
  if (res.statusCode >= 400) {
    if (!type.startsWith('application/problem+json')) out.push(`error ${res.statusCode} not problem+json (${type})`)
    if (req.method !== 'HEAD') {
      let code: string | undefined
      try { code = JSON.parse(res.body).code } catch {}
      if ((ERRORS as Record<string, { status: number }>)[code ?? '']?.status !== res.statusCode) out.push(`error ${res.statusCode} with code ${code} not in the catalogue`)
    }
  }
  if (res.statusCode < 300 && spec.role !== 'public') {
    if (req.who.tenant === null) out.push(`${res.statusCode} without a valid token`)
    else if (!req.who.roles.some(role => (RANK[role] ?? 0) >= RANK[spec.role]!)) out.push(`${res.statusCode} for roles [${req.who.roles}] on a route needing ${spec.role}`)
  }
  if (res.body.includes(TEST_SECRET) || res.body.includes('"devDependencies"')) out.push('secret or project file in the answer')
  if (res.statusCode !== 200 || req.method === 'HEAD' || req.who.tenant === null) return out
  const asked = `${decoded(req.url)} ${String(req.payload ?? '')}`.toLowerCase()
  for (const [tenant, marker] of Object.entries(ALL_MARKERS)) {
    if (tenant !== req.who.tenant && res.body.includes(marker) && !asked.includes(marker)) out.push(`${tenant}'s marker in an answer to ${req.who.tenant}`)
  }
  if (isCorpus(req.who.tenant) && READS.has(route)) {
    checked[req.who.tenant]++
    out.push(...corpusViolations(req.who.tenant, route, res.body, asked))
  }
  return out
}

/** A 200 of a reader route for acme or rival: only that tenant's ids, captions, values and totals. */
function corpusViolations (tenant: CorpusTenant, route: string, text: string, asked: string): string[] {
  const m = model(tenant)
  const out = foreignWords(tenant, text, asked).map(word => `word of the other tenant: ${word}`)
  let body
  try { body = JSON.parse(text) } catch { return [...out, 'a 200 that is not JSON'] }
  // fields= may leave the caption out: then the id must be the tenant's (the words of the rest are checked above).
  const own = (doc: { id: string, caption?: string }) => m.captions.has(doc.id) && (doc.caption === undefined || m.captions.get(doc.id) === doc.caption)
  const vocabulary = (facet: string) => new Set([...m.facets.values()].flatMap(values => values[facet as keyof typeof values] ?? []))
  const counted = (facet: string, list: Array<{ value: string, count: number }>) => list.filter(item => item.count > 0 && !vocabulary(facet).has(item.value)).map(item => `${facet} value ${item.value} is not ${tenant}'s`)
  if (route.endsWith('/search')) {
    if (!body.hits.every(own)) out.push('a hit that is not the tenant\'s document')
    if (body.total > m.ids.length) out.push(`total ${body.total} above the tenant's ${m.ids.length}`)
    for (const [facet, list] of Object.entries(body.facets ?? {})) out.push(...counted(facet, list as Array<{ value: string, count: number }>))
  } else if (route.endsWith('/similar')) {
    if (!m.captions.has(body.id) || !body.hits.every(own)) out.push('a similar analysis that is not the tenant\'s document')
    if (body.hits.some((hit: { id: string }) => hit.id === body.id)) out.push('the analysis listed as similar to itself')
    if (body.total > m.ids.length) out.push(`total ${body.total} above the tenant's ${m.ids.length}`)
  } else if (route.endsWith('/values')) {
    out.push(...counted(body.facet, body.values))
  } else if (route.endsWith('/facets')) {
    for (const [facet, list] of Object.entries(body.facets)) out.push(...counted(facet, list as Array<{ value: string, count: number }>))
  } else if (route.endsWith('/dashboard')) {
    if (body.total !== m.ids.length || !body.latest.every(own)) out.push('dashboard of other documents')
  } else if (!own(body)) {
    out.push('a document that is not the tenant\'s')
  }
  return out
}

test('the checks catch what they look for', async t => {
  const acme = { method: 'GET' as const, url: '/v1/search', headers: {}, who: { tenant: 'acme', roles: ['reader'] } }
  const answer = (statusCode: number, body: unknown, type = 'application/json') => ({ statusCode, body: JSON.stringify(body), headers: { 'content-type': type } }) as unknown as LightMyRequestResponse
  const rivalHit = { id: 'a01', caption: CORPUS.rival[0]!.input.caption }
  const search = v1['GET /v1/search']!
  const catches = (found: string[], patterns: RegExp[], what: string) => t.ok(patterns.every(pattern => found.some(item => pattern.test(item))), `${what}: ${found.join('; ')}`)
  catches(violations('GET /v1/search', search, acme, answer(200, { total: 1, hits: [rivalHit], facets: {} })), [/marker/, /word of the other tenant/, /not the tenant's document/], 'a rival hit in acme\'s answer')
  catches(violations('GET /v1/search', search, acme, answer(200, { total: 1, hits: [], facets: { setting: [{ value: 'volcano', count: 1 }] } })), [/word of the other tenant: volcano/, /setting value volcano is not acme's/], 'a rival value counted for acme')
  t.same(violations('GET /v1/search', search, { ...acme, url: '/v1/search?setting=volcano' }, answer(200, { total: 0, hits: [], facets: { setting: [{ value: 'volcano', count: 0, selected: true }] } })), [], 'an echoed selection is no leak')
  catches(violations('GET /v1/search', search, acme, answer(500, { code: 'INTERNAL' }, 'application/problem+json')), [/^status 500$/], 'a 5xx')
  catches(violations('GET /v1/search', search, acme, answer(400, { code: 'BAD' })), [/not problem\+json/, /not in the catalogue/], 'an error outside the catalogue')
  catches(violations('GET /v1/search', search, { ...acme, who: { tenant: null, roles: [] } }, answer(200, { total: 0, hits: [] })), [/without a valid token/], 'a 200 without a token')
  catches(violations('GET /v1/admin/cache/stats', v1['GET /v1/admin/cache/stats']!, acme, answer(200, {})), [/for roles \[reader\] on a route needing admin/], 'a reader on an admin route')
})

test('property-based fuzz of every route: no 5xx, catalogue problems, no other tenant\'s data', async t => {
  t.comment(`fast-check seed ${SEED}, ${RUNS} runs per route (replay: FUZZ_SEED=${SEED})`)
  const app = await build(t, limits)
  await loadIsolationCorpus(app)
  checked.acme = checked.rival = 0
  const routes = registeredRoutes(app)
  t.same(routes.filter(route => specOf(route.method, route.path) === undefined).map(route => `${route.method} ${route.path}`), [], 'every registered route has a generator')
  t.ok(Object.keys(v1).every(key => routes.some(route => `${route.method} ${route.path}` === key)), 'and every generator a route')

  const found = new Map<string, Map<string, Req & { status: number, body: string }>>()
  const statuses = new Map<string, Record<number, number>>()
  await Promise.all(routes.map(async ({ method, path }, index) => {
    const spec = specOf(method, path)!
    const route = `${method === 'HEAD' ? 'GET' : method} ${path}`
    const key = `${method} ${path}`
    const seen = new Map<string, Req & { status: number, body: string }>()
    const counts: Record<number, number> = {}
    const cursors = [...FAKE_CURSORS]
    found.set(key, seen)
    statuses.set(key, counts)
    await fc.assert(fc.asyncProperty(requests(method, path, spec), async req => {
      req.url = req.url.replace(/CURSOR_(\d+)/g, (_, n: string) => encodeURIComponent(cursors[Number(n) % cursors.length]!))
      const { who: _who, ...options } = req
      const res = await app.inject(options)
      counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1
      const next = /"next_cursor":"([^"]+)"/.exec(res.body)?.[1]
      if (next !== undefined && cursors.length < 200) cursors.push(next)
      for (const problem of violations(route, spec, req, res)) {
        // One example per kind; a 5xx of a deeply nested body is told apart from any other 5xx.
        const kind = `${problem.replace(/\d{3}/, 'NNN').replace(/:.*/, '')}${res.statusCode >= 500 && depth(String(req.payload ?? '')) > 1000 ? ' (nested > 1000)' : ''}`
        const previous = seen.get(kind)
        // Keep the shortest request per kind of violation: the report's minimal reproduction.
        if (previous === undefined || req.url.length + String(req.payload ?? '').length < previous.url.length + String(previous.payload ?? '').length) {
          seen.set(kind, { ...req, status: res.statusCode, body: `${problem} | ${res.body.slice(0, 300)}` })
        }
      }
    }), { seed: SEED + index, numRuns: spec.role === 'public' ? Math.ceil(RUNS / 4) : RUNS })
  }))

  for (const [key, seen] of found) {
    t.comment(`${key}: ${JSON.stringify(statuses.get(key))}`)
    const cut = (text: string) => text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text
    const report = [...seen].map(([kind, req]) => ({
      kind,
      request: `${req.method} ${cut(req.url)}`,
      as: req.who.tenant === null ? `refused credentials ${cut(JSON.stringify(req.headers))}` : `${req.who.tenant} [${req.who.roles}]`,
      'content-type': req.headers['content-type'],
      payload: cut(String(req.payload ?? '')),
      answer: `${req.status} ${req.body}`
    }))
    t.same(report, [], `${key}: no violation`)
  }

  const total = [...statuses.values()].reduce((sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0)
  const planned = routes.reduce((sum, route) => sum + (specOf(route.method, route.path)!.role === 'public' ? Math.ceil(RUNS / 4) : RUNS), 0)
  t.equal(total, planned, `${total} generated requests, every one answered`)
  t.ok(checked.acme >= RUNS / 3 && checked.rival >= RUNS / 3, `answers to acme (${checked.acme}) and rival (${checked.rival}) checked for the other's data`)
  for (const tenant of TENANTS) {
    const res = await app.inject({ url: '/v1/search?size=100', headers: { authorization: `Bearer ${sign(claims({ tenant, roles: ['reader'] }))}` } })
    t.same(res.json().hits.map((hit: { id: string, caption: string }) => `${hit.id} ${hit.caption}`).sort(), CORPUS[tenant].map(doc => `${doc.id} ${doc.input.caption}`).sort(), `${tenant}'s corpus intact after the fuzz`)
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype polluted by the generated keys')
})
