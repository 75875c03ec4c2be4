import { test } from 'tap'
import { toProblem } from '../../../../src/http/map-error.ts'
import { bulkIngest } from '../../../../src/search/analyses/bulk-ingest.ts'
import { deleteAnalysis, putAnalysis } from '../../../../src/search/analyses/analyses-store.ts'
import { prepareAnalysis } from '../../../../src/search/analyses/stored-analysis.ts'
import { WriteNotStoredError, WriteOutcomeUnknownError } from '../../../../src/search/errors.ts'
import { indexNames } from '../../../../src/search/index/index-names.ts'
import { mockedEs, refusal, transportFailure } from '../../helpers/es-mock.ts'

// A request lost in transit after it left (a timeout, a reset) cannot be staged on demand against a live node at the
// right moment; the integration test (test/routes/v1/analyses-outcome.test.ts) does it with a proxy that swallows.
const names = indexNames('catalog')
const input = { caption: 'a quiet harbour', image_analysis: { setting: 'harbour' } }
const indexed = { _index: 'catalog-analyses-v1', _id: 'acme:a', _version: 1, result: 'created', _seq_no: 3, _primary_term: 1, _shards: { total: 1, successful: 1, failed: 0 } }

/** A mocked cluster answering each write with the next of `answers`; counts the writes it saw. */
function cluster (answers: Array<() => Record<string, unknown>>) {
  const { es, mock } = mockedEs()
  let writes = 0
  const next = () => answers[Math.min(writes++, answers.length - 1)]!()
  mock.add({ method: 'PUT', path: '/:index/_doc/:id' }, next)
  mock.add({ method: 'DELETE', path: '/:index/_doc/:id' }, next)
  mock.add({ method: 'POST', path: '/_bulk' }, next)
  return { es, mock, writes: () => writes }
}

async function failure (promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(() => null, (error: unknown) => error)
}

const put = (es: Parameters<typeof putAnalysis>[0]) => putAnalysis(es, names, 'acme', 'a', input, { refresh: false })

test('a write that timed out or lost its connection after sending: outcome unknown, sent once, 503 WRITE_OUTCOME_UNKNOWN', async t => {
  for (const [name, message] of [['TimeoutError', 'Request timed out'], ['ConnectionError', 'other side closed - Local: 127.0.0.1:5000, Remote: 127.0.0.1:9200'], ['ConnectionError', 'read ECONNRESET']] as const) {
    const { es, writes } = cluster([() => transportFailure(name, message)])
    const error = await failure(put(es))
    t.type(error, WriteOutcomeUnknownError, `${name}: ${message}`)
    t.equal(writes(), 1, 'never sent again blindly: the first attempt may have been applied')
    const problem = toProblem(error)
    t.match(problem, { code: 'WRITE_OUTCOME_UNKNOWN', status: 503, headers: { 'retry-after': '5' } })
    t.match(problem.message, /may or may not have been stored.*same Idempotency-Key/)
  }
  const gateway = cluster([() => refusal(504, { type: 'gateway_timeout', reason: 'upstream' })])
  t.type(await failure(put(gateway.es)), WriteOutcomeUnknownError, 'a gateway\'s 504: it may have forwarded the write')
})

test('a write refused before it left is sent once more; refused twice, it says it was not stored', async t => {
  const refusedTwice = cluster([() => transportFailure('ConnectionError', 'connect ECONNREFUSED 127.0.0.1:9200')])
  const error = await failure(put(refusedTwice.es))
  t.type(error, WriteNotStoredError)
  t.equal(refusedTwice.writes(), 2, 'one resend: it cannot have been applied')
  t.match(toProblem(error), { code: 'SEARCH_UNAVAILABLE', status: 503, message: /was not stored: send it again/, headers: { 'retry-after': '5' } })

  const thenStored = cluster([() => transportFailure('ConnectionError', 'connect ECONNREFUSED 127.0.0.1:9200'), () => indexed])
  t.match(await put(thenStored.es), { id: 'a', created: true, version: { seqNo: 3 } }, 'the resend is the write: created, truthfully')

  for (const [status, type] of [[429, 'es_rejected_execution_exception'], [503, 'unavailable_shards_exception']] as const) {
    const busy = cluster([() => refusal(status, { type, reason: 'busy' })])
    t.type(await failure(put(busy.es)), WriteNotStoredError, `${status}: Elasticsearch refused before applying`)
    t.equal(busy.writes(), 1, 'an overloaded cluster is not pressed again at once')
  }
})

test('a delete and a bulk read the same way', async t => {
  const lost = cluster([() => transportFailure('TimeoutError', 'Request timed out')])
  t.type(await failure(deleteAnalysis(lost.es, names, 'acme', 'a', { refresh: false })), WriteOutcomeUnknownError)
  const bulkLost = cluster([() => transportFailure('TimeoutError', 'Request timed out')])
  t.type(await failure(bulkIngest(bulkLost.es, names, 'acme', [{ id: 'a', input }], false)), WriteOutcomeUnknownError, 'a bulk without an answer: every item unknown')
  const bulkRefused = cluster([() => transportFailure('ConnectionError', 'getaddrinfo ENOTFOUND es.invalid')])
  t.type(await failure(bulkIngest(bulkRefused.es, names, 'acme', [{ id: 'a', input }], false)), WriteNotStoredError)
  t.equal(bulkRefused.writes(), 2)
})

test('settling a retry: the document the first attempt would have stored is there, so nothing is written again', async t => {
  const now = new Date('2026-12-01T10:00:00.123Z')
  const { document } = prepareAnalysis('acme', 'a', input, now)
  const { es, mock, writes } = cluster([() => { throw new Error('no write expected') }])
  // The tenant has no vocabulary (the write reads it first); the analysis is there as the first attempt stored it.
  mock.add({ method: 'GET', path: `/${names.read}-vocabulary/_doc/acme` }, () => ({ _index: `${names.read}-vocabulary`, _id: 'acme', found: false }))
  mock.add({ method: 'GET', path: '/:index/_doc/:id' }, () => ({ ...indexed, found: true, _version: 1, _source: document }))
  mock.add({ method: ['GET', 'POST'], path: '/:index/_mget' }, () => ({ docs: [{ ...indexed, found: true, _version: 2, _source: document }] }))
  t.match(await putAnalysis(es, names, 'acme', 'a', input, { refresh: false, now, settle: true }), { created: true, version: { seqNo: 3 } })
  const [item] = await bulkIngest(es, names, 'acme', [{ id: 'a', input }], false, now, true)
  t.match(item, { ok: true, created: false, version: { seqNo: 3 } }, 'version 2: that write replaced a document')
  t.equal(writes(), 0)
})
