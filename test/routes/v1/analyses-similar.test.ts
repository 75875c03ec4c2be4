import { test } from 'tap'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { bearer, build } from '../../helpers/build.ts'

interface Spec { id: string, caption: string, setting: string, mood: string, lens: string }

const input = (spec: Spec) => ({
  caption: spec.caption,
  image_analysis: { environment: { setting: spec.setting }, subject: { emotional_state: { mood: spec.mood } }, technical_aspects: { lens_type: spec.lens } }
})

const LIKED = 'A woman with a red umbrella in a dense jungle at dawn'
const ACME: Spec[] = [
  { id: 's1', caption: LIKED, setting: 'Jungle', mood: 'Calm', lens: 'Telephoto' },
  { id: 's2', caption: 'A woman holding a red umbrella in the jungle at dawn', setting: 'Jungle', mood: 'Calm', lens: 'Telephoto' },
  { id: 's3', caption: 'A man reading a newspaper in a busy city street', setting: 'City street', mood: 'Tense', lens: 'Wide angle' },
  { id: 's4', caption: 'A red umbrella on the beach at dawn', setting: 'Beach', mood: 'Calm', lens: 'Standard' }
]
// Rival holds the same id and near-identical analyses: none may ever reach acme, nor acme's reach rival.
const RIVAL: Spec[] = [
  { id: 's1', caption: LIKED, setting: 'Jungle', mood: 'Calm', lens: 'Telephoto' },
  { id: 'r2', caption: LIKED, setting: 'Jungle', mood: 'Calm', lens: 'Telephoto' }
]

interface Body { id: string, total: number, hits: Array<{ id: string, score: number | null, caption?: string, facets?: unknown, highlight?: unknown }> }

test('GET /v1/analyses/{id}/similar', async t => {
  const app = await build(t)
  await bulkIngest(app.es, app.indices, 'acme', ACME.map(spec => ({ id: spec.id, input: input(spec) })), false)
  await bulkIngest(app.es, app.indices, 'rival', RIVAL.map(spec => ({ id: spec.id, input: input(spec) })), false)
  await app.es.indices.refresh({ index: app.indices.read })
  const acme = bearer(app, { tenant: 'acme', roles: ['reader', 'ingester'] })
  const rival = bearer(app, { tenant: 'rival', roles: ['reader'] })
  const similar = async (path: string, headers = acme) => {
    const res = await app.inject({ method: 'GET', url: `/v1/analyses/${path}`, headers })
    return { res, body: res.json() as Body }
  }
  const ids = (body: Body) => body.hits.map(hit => hit.id)

  t.test('the tenant\'s analyses most like this one, itself excluded', async t => {
    const { res, body } = await similar('s1/similar')
    t.equal(res.statusCode, 200)
    t.equal(body.id, 's1')
    t.same(ids(body), ['s2', 's4'], 'the near-identical one first, then the one sharing the umbrella and the dawn; not the city street')
    t.equal(body.total, 2)
    t.notOk(ids(body).includes('s1'), 'never itself')
    t.ok(body.hits[0]!.score! > body.hits[1]!.score!)
    t.match(body.hits[0], { caption: /umbrella/, facets: { setting: ['jungle'] } }, 'hits shaped like search hits')
    t.notOk('highlight' in body.hits[0]!, 'no highlight unless asked: Elasticsearch highlights no more_like_this term')
    const highlighted = (await similar('s1/similar?q=woman&fields=highlight')).body.hits[0]!
    t.match(highlighted.highlight, { caption: [/<em>woman<\/em>/] }, 'asked, it shows the words of q')
  })

  t.test('tenant isolation: terms and candidates are the tenant\'s only', async t => {
    const own = await similar('s1/similar', rival)
    t.same(ids(own.body), ['r2'], 'rival\'s s1 finds rival\'s twin, none of acme\'s')
    const other = await similar('r2/similar')
    t.equal(other.res.statusCode, 404, 'another tenant\'s id is unknown here')
    t.match(other.res.headers['content-type'], /application\/problem\+json/)
    t.match(other.body, { code: 'NOT_FOUND' })
    t.equal((await similar('nope/similar')).res.statusCode, 404)
    t.notOk(JSON.stringify(other.body).includes('umbrella'), 'nothing of rival in the problem')
  })

  t.test('the search\'s selection narrows the candidates; size and fields as in a search', async t => {
    t.same(ids((await similar('s1/similar?setting=Beach')).body), ['s4'], 'facet values read like documents')
    t.same(ids((await similar('s1/similar?q=woman')).body), ['s2'], 'q must match too')
    t.same(ids((await similar('s1/similar?q=-jungle')).body), ['s4'])
    t.same(ids((await similar('s1/similar?size=1')).body), ['s2'])
    const lean = (await similar('s1/similar?fields=caption&size=1')).body.hits[0]!
    t.same(Object.keys(lean).sort(), ['caption', 'id', 'score'])
  })

  t.test('bad input: 400 problems, one pointer each', async t => {
    for (const [query, pointer] of [['size=0', '/size'], ['size=101', '/size'], ['colour=red', '/colour'], ['lens=telefoto', '/lens/0'], ['focal_mm=-1', '/focal_mm'], ['fields=nope', '/fields']] as const) {
      const { res, body } = await similar(`s1/similar?${query}`)
      t.equal(res.statusCode, 400, query)
      t.match(body, { errors: [{ pointer }] }, `${query}: ${pointer}`)
    }
    const both = await similar('s1/similar?size=0&lens=telefoto')
    t.equal((both.body as unknown as { errors: unknown[] }).errors.length, 2, 'every problem at once')
    t.equal((await similar('bad%20id/similar')).res.statusCode, 400, 'an id outside the id alphabet')
  })

  t.test('cached like search; a write of the tenant invalidates', async t => {
    const first = await similar('s2/similar?size=5')
    const again = await similar('s2/similar?size=5')
    t.match(again.res.headers['cache-status'], /; hit/)
    t.same(again.body, first.body)
    t.match((await similar('s2/similar?size=4')).res.headers['cache-status'], /fwd=miss/, 'the parameters are part of the key')
    t.match((await similar('s1/similar?size=5')).res.headers['cache-status'], /fwd=miss/, 'so is the id')
    const put = await app.inject({ method: 'PUT', url: '/v1/analyses/s5?refresh=wait_for', headers: acme, payload: input({ id: 's5', caption: 'A woman with a red umbrella in the jungle at dawn, smiling', setting: 'Jungle', mood: 'Calm', lens: 'Telephoto' }) })
    t.equal(put.statusCode, 201)
    const fresh = await similar('s2/similar?size=5')
    t.match(fresh.res.headers['cache-status'], /fwd=miss/, 'the write moved the generation')
    t.ok(ids(fresh.body).includes('s5'), 'and the new analysis is found')
    const gone = await app.inject({ method: 'DELETE', url: '/v1/analyses/s2?refresh=wait_for', headers: acme })
    t.equal(gone.statusCode, 204)
    t.equal((await similar('s2/similar?size=5')).res.statusCode, 404, 'a deleted analysis is no longer there to be like')
  })
})
