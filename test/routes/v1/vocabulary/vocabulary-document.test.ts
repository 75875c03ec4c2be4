import { test } from 'tap'
import { bearer, build } from '../../../helpers/build.ts'

const URL = '/v1/admin/vocabulary'
const DOC = {
  merge: { environment: { exterior: 'outdoor', outside: 'outdoor' }, mood: { serene: 'calm', tranquil: 'calm' } },
  synonyms: [['woods', 'forest'], ['seaside', 'beach', 'shore']]
}

test('GET, PUT with If-Match, 428 without, 412 when it moved on, one winner of two concurrent PUTs', async t => {
  const app = await build(t)
  const admin = bearer(app, { tenant: 'acme', roles: ['admin'] })

  const empty = await app.inject({ method: 'GET', url: URL, headers: admin })
  t.equal(empty.statusCode, 200)
  t.equal(empty.headers.etag, '"vocabulary-0"')
  t.same(empty.json(), { version: 0, merge: {}, synonyms: [], rederivation: { state: 'none', merges_version: 0, pending: 0 } })

  const created = await app.inject({ method: 'PUT', url: URL, headers: admin, payload: DOC })
  t.equal(created.statusCode, 202, 'merges changed: 202 with the re-derivation job')
  t.equal(created.headers.etag, '"vocabulary-1"')
  const body = created.json()
  t.same(body.vocabulary.merge, DOC.merge)
  t.same(body.vocabulary.synonyms, DOC.synonyms)
  t.equal(body.vocabulary.version, 1)
  t.equal(body.job.state, 'running')
  await app.vocabularyJobs.settled('acme')

  const read = await app.inject({ method: 'GET', url: URL, headers: admin })
  t.equal(read.json().rederivation.state, 'done')
  t.equal(read.json().version, 1)

  const blind = await app.inject({ method: 'PUT', url: URL, headers: admin, payload: DOC })
  t.equal(blind.statusCode, 428, 'an existing vocabulary is never overwritten without If-Match')
  t.equal(blind.json().code, 'PRECONDITION_REQUIRED')

  const stale = await app.inject({ method: 'PUT', url: URL, headers: { ...admin, 'if-match': '"vocabulary-0"' }, payload: DOC })
  t.equal(stale.statusCode, 412)
  t.equal(stale.json().code, 'PRECONDITION_FAILED')

  const synonymsOnly = await app.inject({ method: 'PUT', url: URL, headers: { ...admin, 'if-match': '"vocabulary-1"' }, payload: { ...DOC, synonyms: [['woods', 'forest']] } })
  t.equal(synonymsOnly.statusCode, 200, 'merges unchanged: no job')
  t.equal(synonymsOnly.json().job, undefined)
  t.equal(synonymsOnly.json().vocabulary.rederivation.merges_version, 1)

  // Two PUTs with the same ETag at once: Elasticsearch's sequence number lets exactly one through.
  const both = await Promise.all([1, 2].map(async () => await app.inject({ method: 'PUT', url: URL, headers: { ...admin, 'if-match': '"vocabulary-2"' }, payload: { merge: DOC.merge, synonyms: [] } })))
  t.same(both.map(r => r.statusCode).sort(), [200, 412])

  const other = await app.inject({ method: 'GET', url: URL, headers: bearer(app, { tenant: 'other', roles: ['admin'] }) })
  t.equal(other.json().version, 0, 'another tenant sees nothing of it')
  const reader = await app.inject({ method: 'GET', url: URL, headers: bearer(app, { tenant: 'acme', roles: ['ingester'] }) })
  t.equal(reader.statusCode, 403, 'admin only')
})

test('every problem of the document in one 400, each named by a pointer', async t => {
  const app = await build(t)
  const admin = bearer(app, { tenant: 'acme', roles: ['admin'] })
  const put = async (payload: unknown) => await app.inject({ method: 'PUT', url: URL, headers: admin, payload: payload as object })
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['unknown facet', { merge: { colour: { red: 'crimson' } } }, '/merge/colour', /not a facet/],
    ['mapped to itself', { merge: { mood: { calm: 'calm' } } }, '/merge/mood/calm', /mapped to itself/],
    ['a chain', { merge: { mood: { serene: 'calm', calm: 'relaxed' } } }, '/merge/mood/serene', /merged itself .*'serene' → 'calm' → 'relaxed'.*map 'serene' to 'relaxed'/],
    ['a cycle', { merge: { mood: { a1: 'b1', b1: 'a1' } } }, '/merge/mood/a1', /cycle/],
    ['closed target', { merge: { lens: { 'zoom lens': 'zoom' } } }, '/merge/lens/zoom lens', /closed vocabulary.*one of fisheye/],
    ['not canonical', { merge: { setting: { 'Jungle / Riverbank': 'jungle' } } }, '/merge/setting/Jungle ~1 Riverbank', /not one canonical value/],
    ['synonym case', { synonyms: [['Woods', 'forest']] }, '/synonyms/0/0', /lower-case/],
    ['synonym group of one', { synonyms: [['woods']] }, '/synonyms/0', /2 to 20 words/],
    ['a word in two groups', { synonyms: [['woods', 'forest'], ['forest', 'jungle']] }, '/synonyms/1/0', /already in group 0/],
    ['too many merges', { merge: { objects: Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`thing ${i}`, 'thing'])) } }, '/merge', /at most 5000/],
    ['too many groups', { synonyms: Array.from({ length: 1001 }, (_, i) => [`a${i}`, `b${i}`]) }, '/synonyms', /at most 1000/]
  ]
  for (const [name, payload, pointer, detail] of cases) {
    const res = await put(payload)
    t.equal(res.statusCode, 400, name)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', name)
    const problem = res.json()
    t.equal(problem.code, 'VALIDATION_FAILED', name)
    const item = problem.errors.find((e: { pointer: string }) => e.pointer === pointer)
    t.ok(item !== undefined, `${name}: ${pointer} in ${JSON.stringify(problem.errors.slice(0, 3))}`)
    t.match(item?.detail, detail, name)
  }
  const many = await put({ merge: { colour: {}, mood: { calm: 'calm' }, lens: { wide: 'zoom' } }, synonyms: [['x']] })
  t.equal(many.json().errors.length, 4, 'all of them at once')
  const shape = await put({ merge: { mood: { calm: 3 } }, extra: 1 })
  t.equal(shape.statusCode, 400, 'the shape is checked by the schema')
  t.equal((await app.inject({ method: 'GET', url: URL, headers: admin })).json().version, 0, 'nothing stored')
})

test('at most 8 sets of merges roll out at once: beyond, 409 until the re-derivation is done', async t => {
  const app = await build(t)
  const admin = bearer(app, { tenant: 'acme', roles: ['admin'] })
  let release = () => {}
  const held = new Promise<void>(resolve => { release = resolve })
  app.vocabularyJobs.gate = async () => await held
  const put = async (version: number, n: number) => await app.inject({
    method: 'PUT', url: URL, headers: { ...admin, 'if-match': `"vocabulary-${version}"` }, payload: { merge: { mood: { [`mood${n}`]: 'calm' } } }
  })
  for (let n = 0; n < 8; n++) t.equal((await put(n, n)).statusCode, 202, `change ${n + 1} of merges`)
  const refused = await put(8, 8)
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'CONFLICT')
  release()
  await app.vocabularyJobs.settled('acme')
  t.equal((await put(8, 8)).statusCode, 202, 'accepted once the documents caught up')
})
