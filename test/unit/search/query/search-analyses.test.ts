import { test } from 'tap'
import { CursorExpiredError } from '../../../../src/search/query/errors.ts'
import { canonicalQuery, queryHash } from '../../../../src/search/query/canonical-query.ts'
import { encodeCursor } from '../../../../src/search/query/cursor.ts'
import { searchAnalyses } from '../../../../src/search/query/search-analyses.ts'
import { mockedEs, refusal } from '../../helpers/es-mock.ts'

// Transport failure paths of cursor pages, which a real cluster will not fail on demand; what a search finds is
// tested on the real Elasticsearch (test/routes/v1/search-paging.test.ts).
const SECRET = 'a-cursor-secret-of-at-least-thirty-two-bytes'
const query = canonicalQuery({ q: 'jungle', size: 2 })
const page2 = encodeCursor(SECRET, { tenant: 'acme', queryHash: queryHash(query), after: [1.5, 1_700_000_000_000, 'a2'], snapshot: 1_700_000_000_000 })

/**
 * Page 2 of a relevance search opens a point in time, re-anchors in it, then searches: `search` answers that last
 * request. Every point in time opened and closed is recorded.
 */
function cluster (search: () => object) {
  const { es, mock } = mockedEs()
  const pits = { opened: [] as string[], closed: [] as string[] }
  mock.add({ method: 'POST', path: '/:index/_pit' }, () => {
    pits.opened.push(`pit-${pits.opened.length + 1}`)
    return { id: pits.opened.at(-1) }
  })
  mock.add({ method: 'POST', path: '/_search' }, params => (params.body as { size?: number }).size === 1
    ? { hits: { hits: [{ _id: 'acme:a2', _score: 1.4 }] } }
    : search())
  mock.add({ method: 'DELETE', path: '/_pit' }, params => {
    pits.closed.push((params.body as { id: string }).id)
    return { succeeded: true, num_freed: 1 }
  })
  return { target: { es, index: 'catalog-analyses', tenant: 'acme', cursorSecret: SECRET }, pits }
}

test('a cursor page that fails closes the point in time it opened', async t => {
  const { target, pits } = cluster(() => refusal(500, { type: 'null_pointer_exception' }))
  const failure = await searchAnalyses(target, query, page2).catch((error: unknown) => error)
  t.match(failure, { name: 'ResponseError', statusCode: 500 }, 'the failure reaches the caller as it was')
  t.same(pits, { opened: ['pit-1'], closed: ['pit-1'] }, 'opened once, closed at once instead of at its keep-alive')
})

test('a point in time that expired under the page: CursorExpiredError, and the one just opened is closed', async t => {
  const { target, pits } = cluster(() => refusal(404, { type: 'search_phase_execution_exception', root_cause: [{ type: 'search_context_missing_exception' }] }))
  await t.rejects(searchAnalyses(target, query, page2), CursorExpiredError)
  t.same(pits, { opened: ['pit-1'], closed: ['pit-1'] })
})

test('the last page closes its point in time; a page with more to come hands it on', async t => {
  const hit = (id: string) => ({ _id: `acme:${id}`, _score: 1, _source: { id, facets: {} }, sort: [1, 1, id] })
  const last = cluster(() => ({ pit_id: 'pit-1', hits: { total: { value: 3, relation: 'eq' }, hits: [hit('a3')] } }))
  const end = await searchAnalyses(last.target, query, page2)
  t.equal(end.next_cursor, null)
  t.same(last.pits.closed, ['pit-1'], 'nothing left to read: closed now')
  const more = cluster(() => ({ pit_id: 'pit-1', hits: { total: { value: 9, relation: 'eq' }, hits: [hit('a3'), hit('a4'), hit('a5')] } }))
  const next = await searchAnalyses(more.target, query, page2)
  t.type(next.next_cursor, 'string')
  t.same(more.pits.closed, [], 'the next page continues in it')
})
