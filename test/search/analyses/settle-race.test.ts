import { test } from 'tap'
import type { Client } from '@elastic/elasticsearch'
import { build } from '../../helpers/build.ts'
import { seedAnalysis } from '../../helpers/seed.ts'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { putAnalysis } from '../../../src/search/analyses/analyses-store.ts'
import { esId } from '../../../src/search/analyses/ids.ts'

/**
 * The real Elasticsearch, with one real write slipped in right after the retry's first read of what is stored:
 * the first attempt of a write whose outcome was unknown lands exactly between the retry's read and its write
 * (what a node paused with the first attempt queued does when it resumes). Reads of other documents (the tenant's
 * vocabulary) pass as they are.
 */
function landingAfterRead (es: Client, method: 'get' | 'mget', id: string, land: () => Promise<unknown>): Client {
  let landed = false
  const reads = (params: { id?: string, docs?: Array<{ _id: string }> }) => params.id === esId('acme', id) || params.docs?.some(doc => doc._id === esId('acme', id)) === true
  return new Proxy(es, {
    get (target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (property !== method) return typeof value === 'function' ? value.bind(target) : value
      return async (...args: unknown[]) => {
        const answer = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
        if (!landed && reads(args[0] as Parameters<typeof reads>[0])) {
          landed = true
          await land()
        }
        return answer
      }
    }
  })
}

test('a retried unconditional write whose first attempt lands after the retry read it: stored once, answered as created', async t => {
  const app = await build(t)
  const { es, indices } = app
  const seed = seedAnalysis()
  const now = new Date('2026-11-30T10:00:00.123Z')
  const version = async (id: string) => (await es.get({ index: indices.read, id: esId('acme', id), routing: 'acme' }))._version

  await t.test('a single write', async t => {
    const input = { ...seed, caption: 'single' }
    const first = async () => await putAnalysis(es, indices, 'acme', 's1', input, { refresh: false, now })
    const retry = await putAnalysis(landingAfterRead(es, 'get', 's1', first), indices, 'acme', 's1', input, { refresh: false, now, settle: true })
    t.equal(retry.created, true, 'the first attempt created it: 201, not 200')
    t.equal(await version('s1'), 1, 'not stored a second time')
  })

  await t.test('a replaced document, by a single write', async t => {
    await putAnalysis(es, indices, 'acme', 's2', { ...seed, caption: 'before' }, { refresh: false })
    const input = { ...seed, caption: 'after' }
    const first = async () => await putAnalysis(es, indices, 'acme', 's2', input, { refresh: false, now })
    const retry = await putAnalysis(landingAfterRead(es, 'get', 's2', first), indices, 'acme', 's2', input, { refresh: false, now, settle: true })
    t.equal(retry.created, false, 'replaced: 200')
    t.equal(await version('s2'), 2, 'one version for the write, not two')
  })

  await t.test('a bulk: new and replaced items', async t => {
    await bulkIngest(es, indices, 'acme', [{ id: 'b2', input: { ...seed, caption: 'before' } }], false)
    const items = [{ id: 'b1', input: { ...seed, caption: 'one' } }, { id: 'b2', input: { ...seed, caption: 'two' } }]
    const first = async () => await bulkIngest(es, indices, 'acme', items, false, now)
    const outcomes = await bulkIngest(landingAfterRead(es, 'mget', 'b1', first), indices, 'acme', items, false, now, true)
    t.match(outcomes, [{ ok: true, id: 'b1', created: true }, { ok: true, id: 'b2', created: false }], 'created 201, replaced 200')
    t.same([await version('b1'), await version('b2')], [1, 2], 'each stored once by the write')
  })

  await t.test('someone else\'s write in between: an unconditional retry still replaces it', async t => {
    const input = { ...seed, caption: 'mine' }
    const other = async () => await putAnalysis(es, indices, 'acme', 's3', { ...seed, caption: 'theirs' }, { refresh: false })
    const retry = await putAnalysis(landingAfterRead(es, 'get', 's3', other), indices, 'acme', 's3', input, { refresh: false, now, settle: true })
    t.equal(retry.created, false)
    const stored = await es.get<{ caption: string }>({ index: indices.read, id: esId('acme', 's3'), routing: 'acme' })
    t.equal(stored._source?.caption, 'mine', 'the retry\'s write is the last one')
  })
})
