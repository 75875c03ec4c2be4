import { test } from 'tap'
import { bulkIngest } from '../../../../src/search/analyses/bulk-ingest.ts'
import { prepareAnalysis } from '../../../../src/search/analyses/stored-analysis.ts'
import { indexNames } from '../../../../src/search/index/index-names.ts'
import { mockedEs } from '../../helpers/es-mock.ts'

// Elasticsearch refusing single items of a bulk (under load, or for a reason of its own) cannot be staged on a
// live single node; what bulk imports store is tested on the real Elasticsearch (test/routes/v1/analyses-bulk.test.ts).
test('each item\'s refusal comes back in its place, read by the one classification', async t => {
  const { es, mock } = mockedEs()
  mock.add({ method: 'POST', path: '/_bulk' }, () => ({
    errors: true,
    items: [
      { index: { _index: 'catalog-analyses-v1', _id: 'acme:a', status: 201, result: 'created', _seq_no: 0, _primary_term: 1 } },
      { index: { _index: 'catalog-analyses-v1', _id: 'acme:b', status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } },
      { index: { _index: 'catalog-analyses-v1', _id: 'acme:c', status: 400, error: { type: 'document_parsing_exception', reason: 'failed to parse' } } }
    ]
  }))
  const items = ['a', 'b', 'c'].map(id => ({ id, input: { image_analysis: {} } }))
  const outcomes = await bulkIngest(es, indexNames('catalog'), 'acme', items, false)
  t.match(outcomes, [
    { ok: true, id: 'a', created: true, version: { index: 'catalog-analyses-v1', seqNo: 0, primaryTerm: 1 } },
    { ok: false, id: 'b', failure: 'overloaded' },
    { ok: false, id: 'c', failure: 'bad-request' }
  ])
})

test('the bulk body holds each item\'s action and its prepared document, and the answer is filtered', async t => {
  const { es, mock } = mockedEs()
  let sent: { body: unknown[], querystring: Record<string, string> } | undefined
  mock.add({ method: 'POST', path: '/_bulk' }, params => {
    sent = params as unknown as typeof sent
    return { items: [0, 1].map(seq => ({ index: { _index: 'catalog-analyses-v1', status: 201, result: 'created', _seq_no: seq, _primary_term: 1 } })) }
  })
  const now = new Date('2026-01-02T03:04:05.678Z')
  const items = [
    { id: 'a.1', input: { caption: 'A "quoted" caption', image_analysis: { environment: { setting: 'Jungle / River' } } } },
    { id: 'b:2', input: { tags: ['x'], image_analysis: {} } }
  ]
  const outcomes = await bulkIngest(es, indexNames('catalog'), 'acme', items, false, now)
  t.match(outcomes, [{ ok: true, id: 'a.1', created: true }, { ok: true, id: 'b:2', created: true }])
  t.strictSame(sent!.body, items.flatMap(item => [
    { index: { _index: 'catalog-analyses-write', routing: 'acme', _id: `acme:${item.id}` } },
    prepareAnalysis('acme', item.id, item.input, now).document
  ]))
  t.match(sent!.querystring, { filter_path: /items\.\*\._seq_no/ })
})
