import { test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { bulkIngest } from '../../../src/search/analyses/bulk-ingest.ts'
import { decodeCursor } from '../../../src/search/query/cursor.ts'
import { bearer, build } from '../../helpers/build.ts'
import { ACME_NEWEST, ids, loadSearchCorpus, search, type SearchBody } from '../../fixtures/search-corpus.ts'

/** Follows next_cursor to the end; `between` runs before each cursor page (page n + 1 is fetched after between(n)). */
async function pageThrough (app: FastifyInstance, headers: Record<string, string>, query: string, between: (page: number) => Promise<void> = async () => {}): Promise<{ pages: SearchBody[], cursors: string[] }> {
  const pages: SearchBody[] = []
  const cursors: string[] = []
  let res = await search(app, headers, query)
  for (;;) {
    if (res.status !== 200) throw new Error(`page ${pages.length + 1}: ${res.status} ${JSON.stringify(res.body)}`)
    pages.push(res.body)
    const cursor = res.body.next_cursor
    if (cursor === null || pages.length > 50) break
    cursors.push(cursor)
    await between(pages.length)
    res = await search(app, headers, `${query}&cursor=${cursor}`)
  }
  return { pages, cursors }
}

const all = (pages: SearchBody[]) => pages.flatMap(ids)

test('cursor paging', async t => {
  const app = await build(t)
  await loadSearchCorpus(app)
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  let written = 0
  // Writes go through the API; a forced refresh (instead of ?refresh=wait_for, up to a second) makes them visible now.
  const refresh = async () => { await app.es.indices.refresh({ index: app.indices.read }) }
  const write = async (caption: string, visible = true) => {
    const res = await app.inject({ method: 'POST', url: '/v1/analyses', headers: ingester, payload: { id: `new-${++written}`, caption, image_analysis: { environment: { setting: 'Jungle' }, technical_aspects: { depth_of_field: 'Shallow' } } } })
    if (res.statusCode !== 201) throw new Error(res.body)
    if (visible) await refresh()
  }
  /** Writes new matching documents in the background until stopped. */
  const writer = () => {
    const state = { running: true }
    const done = (async () => { while (state.running) await write('A brand new shallow jungle scene', written % 3 === 0) })()
    return async () => { state.running = false; await done }
  }

  t.test('newest: every document exactly once, in order, while documents are written concurrently', async t => {
    let stop = async () => {}
    const { pages } = await pageThrough(app, acme, 'size=3', async page => {
      if (page === 1) stop = writer()
      await write('written between two pages')
    })
    await stop()
    await refresh()
    t.same(all(pages), ACME_NEWEST, 'no document skipped, repeated or added: the new ones are newer than the snapshot')
    t.equal(pages.length, 5)
    t.ok(pages.every(page => page.total === 14), 'total is the snapshot\'s')
    t.ok(pages[0]!.facets !== undefined && pages.slice(1).every(page => page.facets === undefined), 'facets come with the first page only')
    t.ok(written >= 4)
    const now = await search(app, acme, 'size=1')
    t.equal(now.body.total, 14 + written, 'a new search sees the new documents')
  })

  t.test('oldest', async t => {
    const { pages } = await pageThrough(app, acme, 'size=4&sort=oldest&q=-brand+-written')
    t.same(all(pages), [...ACME_NEWEST.slice(9), ...ACME_NEWEST.slice(4, 9), ...ACME_NEWEST.slice(0, 4)])
  })

  t.test('relevance: the same order as one big page; frozen by the point in time while documents are written', async t => {
    // "shallow" is in every analysis; scores differ by field length. The new documents are excluded by -brand -written.
    const query = 'q=shallow+-brand+-written'
    const reference = await search(app, acme, `${query}&size=100`)
    t.equal(reference.body.total, 14)
    let stop = async () => {}
    const { pages, cursors } = await pageThrough(app, acme, `${query}&size=3`, async page => {
      if (page === 2) stop = writer()
    })
    await stop()
    t.same(all(pages), ids(reference.body), 'the pages concatenate to the single page')
    t.same(pages.flatMap(page => page.hits.map(hit => hit.score)), reference.body.hits.map(hit => hit.score), 'scores are frozen from page 2 on')
    // The last page closed its point in time: the one of the last cursor is gone.
    const { pitId } = decodeCursor(app.config.cursorSecret, cursors.at(-1)!, { tenant: 'acme', queryHash: hashOf(cursors.at(-1)!) })
    t.ok(pitId)
    await t.rejects(app.es.search({ pit: { id: pitId! }, size: 0 }), /search_context_missing/)
  })

  t.test('relevance: writes between page 1 and page 2 do not shift a run of equal scores', async t => {
    // Nine documents with the same text score the same; new documents with the word change every score.
    const same = Array.from({ length: 9 }, (_, i) => ({ id: `t${i}`, input: { caption: 'Identical twin caption', image_analysis: { note: 'twin' } } }))
    await bulkIngest(app.es, app.indices, 'ties', same, 'wait_for', new Date(Date.now() - 1000))
    const ties = bearer(app, { tenant: 'ties', roles: ['reader'] })
    let n = 0
    const { pages } = await pageThrough(app, ties, 'q=twin&size=3', async page => {
      if (page === 1) {
        const more = Array.from({ length: 5 }, () => ({ id: `later-${n++}`, input: { caption: 'twin twin twin', image_analysis: {} } }))
        await bulkIngest(app.es, app.indices, 'ties', more, false)
        await refresh()
      }
    })
    t.same(all(pages), same.map(doc => doc.id), 'page 2 re-reads the boundary score inside the point in time')
  })

  t.test('cursor errors name the cursor', async t => {
    const first = await search(app, acme, 'q=shallow&size=2')
    const cursor = first.body.next_cursor!
    t.equal((await search(app, acme, `q=shallow&size=5&cursor=${cursor}`)).status, 200, 'size may change between pages')
    const cases: Array<[string, Record<string, string>, string, string, RegExp]> = [
      ['tampered', acme, `q=shallow&size=2&cursor=${cursor.slice(0, 10)}x${cursor.slice(11)}`, 'INVALID_CURSOR', /cursor is not one this service issued/],
      ['garbage', acme, 'q=shallow&cursor=not-a-cursor', 'INVALID_CURSOR', /cursor is malformed/],
      ['another tenant', bearer(app, { tenant: 'rival', roles: ['reader'] }), `q=shallow&size=2&cursor=${cursor}`, 'INVALID_CURSOR', /another tenant/],
      ['another query', acme, `q=jungle&size=2&cursor=${cursor}`, 'INVALID_CURSOR', /another query/],
      ['another filter', acme, `q=shallow&setting=jungle&cursor=${cursor}`, 'INVALID_CURSOR', /another query/],
      ['another sort', acme, `q=shallow&sort=newest&cursor=${cursor}`, 'INVALID_CURSOR', /another query/]
    ]
    for (const [name, headers, query, code, detail] of cases) {
      const res = await search(app, headers, query)
      t.equal(res.status, 400, name)
      t.match(res.body, { code, detail, errors: [{ pointer: '/cursor' }] }, name)
    }
  })

  t.test('an expired point in time is CURSOR_EXPIRED', async t => {
    const first = await search(app, acme, 'q=shallow&size=2')
    const second = await search(app, acme, `q=shallow&size=2&cursor=${first.body.next_cursor}`)
    const cursor = second.body.next_cursor!
    const { pitId } = decodeCursor(app.config.cursorSecret, cursor, { tenant: 'acme', queryHash: hashOf(cursor) })
    await app.es.closePointInTime({ id: pitId! })
    const res = await search(app, acme, `q=shallow&size=2&cursor=${cursor}`)
    t.equal(res.status, 400)
    t.match(res.body, { code: 'CURSOR_EXPIRED', detail: /start again from the first page/, errors: [{ pointer: '/cursor' }] })
  })

  t.test('relevance: page 1\'s last hit deleted before page 2 (last, it changes the corpus)', async t => {
    const query = 'q=shallow+-brand+-written'
    const reference = ids((await search(app, acme, `${query}&size=100`)).body)
    const { pages } = await pageThrough(app, acme, `${query}&size=3`, async page => {
      if (page !== 1) return
      const res = await app.inject({ method: 'DELETE', url: `/v1/analyses/${reference[2]}`, headers: ingester })
      t.equal(res.statusCode, 204)
      await refresh()
    })
    t.same(all(pages), reference, 'the old boundary score still continues the walk')
  })
})

/** The query hash a cursor carries (read from its readable part, for tests that open cursors). */
function hashOf (cursor: string): string {
  return JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString()).h
}
