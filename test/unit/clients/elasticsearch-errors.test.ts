import { test } from 'tap'
import { errors, type estypes } from '@elastic/elasticsearch'
import { bulkItemFailure, esFailure } from '../../../src/clients/elasticsearch-errors.ts'
import { mockedEs, refusal } from '../helpers/es-mock.ts'

/** The error the client throws when the cluster refuses a search with this status and error body. */
async function refused (statusCode: number, error: estypes.ErrorCause): Promise<unknown> {
  const { es, mock } = mockedEs()
  mock.add({ method: ['GET', 'POST'], path: '/_search' }, () => refusal(statusCode, error))
  return await es.search({}).then(() => undefined, (thrown: unknown) => thrown)
}

test('a refusal is read by its error type first, then by its status', async t => {
  t.equal(esFailure(await refused(404, { type: 'index_not_found_exception', reason: 'no such index' })), 'unavailable', 'an index deleted under the service: an outage')
  // An expired point in time: the wrapper type on top, the telling one among the root causes (as 9.4.3 answers).
  t.equal(esFailure(await refused(404, { type: 'search_phase_execution_exception', root_cause: [{ type: 'search_context_missing_exception' }] })), 'expired-context')
  t.equal(esFailure(await refused(409, { type: 'version_conflict_engine_exception' })), 'conflict')
  t.equal(esFailure(await refused(400, { type: 'resource_already_exists_exception' })), 'exists')
  t.equal(esFailure(await refused(400, { type: 'illegal_argument_exception', reason: 'failed to find analyzer [english]' })), 'bad-request')
  t.equal(esFailure(await refused(429, { type: 'es_rejected_execution_exception' })), 'overloaded')
  for (const status of [502, 503, 504]) t.equal(esFailure(await refused(status, { type: 'whatever' })), 'unavailable', `${status}`)
  t.equal(esFailure(await refused(500, { type: 'null_pointer_exception' })), 'refused')
  t.equal(esFailure(await refused(404, { type: 'resource_not_found_exception' })), 'refused', 'any other 404 is a refusal')
})

test('no answer at all is an outage; any other error of the client a refusal', async t => {
  // Real connection failures come from a real dead address in the integration tests (test/routes/health.test.ts).
  t.equal(esFailure(new errors.ConnectionError('connect ECONNREFUSED')), 'unavailable')
  t.equal(esFailure(new errors.TimeoutError('Request timed out')), 'unavailable')
  t.equal(esFailure(new errors.NoLivingConnectionsError('no living node', {} as never)), 'unavailable')
  t.equal(esFailure(new errors.SerializationError('bad', {})), 'refused')
})

test('what is not Elasticsearch\'s is not classified', async t => {
  t.equal(esFailure(new Error('boom')), null)
  t.equal(esFailure({ status: 503 }), null, 'an object with a status is not an Elasticsearch error')
  t.equal(esFailure(undefined), null)
})

test('a bulk item is read like a refusal; an applied item is no failure', async t => {
  t.equal(bulkItemFailure({ status: 201 }), null)
  t.equal(bulkItemFailure({ status: 429, error: { type: 'es_rejected_execution_exception' } }), 'overloaded')
  t.equal(bulkItemFailure({ status: 409, error: { type: 'version_conflict_engine_exception' } }), 'conflict')
  t.equal(bulkItemFailure({ status: 503, error: { type: 'unavailable_shards_exception' } }), 'unavailable')
  t.equal(bulkItemFailure({ status: 400, error: { type: 'document_parsing_exception' } }), 'bad-request')
})
