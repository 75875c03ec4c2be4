import { test } from 'tap'
import { errors } from '@elastic/elasticsearch'
import { ERRORS, ProblemError } from '../../../src/http/errors.ts'
import { esProblem, toProblem } from '../../../src/http/map-error.ts'
import { AnalysisNotFoundError, VersionConflictError } from '../../../src/search/errors.ts'
import { CursorExpiredError, InvalidCursorError, InvalidSearchParameterError } from '../../../src/search/query/errors.ts'
import { mockedEs, refusal } from '../helpers/es-mock.ts'

/** What the client throws when the cluster answers a search with `status` (a failure a live cluster will not stage). */
async function thrownFor (status: number, type: string): Promise<unknown> {
  const { es, mock } = mockedEs()
  mock.add({ method: ['GET', 'POST'], path: '/_search' }, () => refusal(status, { type, reason: `internal detail of ${type}` }))
  return await es.search({}).then(() => undefined, (thrown: unknown) => thrown)
}

const internals = /internal detail|exception|elasticsearch|redis|stack/i

test('domain errors become their problems, naming the parameter', async t => {
  const own = new ProblemError('CONFLICT', 'busy')
  t.equal(toProblem(own), own, 'a problem passes as it is')
  t.match(toProblem(new AnalysisNotFoundError('a1')), { code: 'NOT_FOUND', status: 404, message: "No analysis with id 'a1'" })
  t.match(toProblem(new VersionConflictError('a1')), { code: 'PRECONDITION_FAILED', status: 412, message: /read it again/ })
  t.match(toProblem(InvalidSearchParameterError.of('size', 'size must be an integer from 0 to 100')), { code: 'VALIDATION_FAILED', errors: [{ pointer: '/size' }] })
  const several = toProblem(new InvalidSearchParameterError([{ pointer: '/size', detail: 'size …' }, { pointer: '/lens/1', detail: 'lens …' }]))
  t.match(several, { code: 'VALIDATION_FAILED', message: 'size … (and 1 more problem)', errors: [{ pointer: '/size' }, { pointer: '/lens/1' }] }, 'every issue, one pointer each')
  t.match(toProblem(new InvalidCursorError('cursor is malformed')), { code: 'INVALID_CURSOR', errors: [{ pointer: '/cursor' }] })
  t.match(toProblem(new CursorExpiredError()), { code: 'CURSOR_EXPIRED', status: 400, errors: [{ pointer: '/cursor' }] })
})

test('Elasticsearch away or overloaded: 503 with Retry-After; any other refusal: 500 with the catalogue\'s words only', async t => {
  for (const [status, type] of [[503, 'unavailable_shards_exception'], [502, 'bad_gateway'], [504, 'gateway_timeout'], [429, 'es_rejected_execution_exception'], [404, 'index_not_found_exception']] as const) {
    const problem = toProblem(await thrownFor(status, type))
    t.match(problem, { code: 'SEARCH_UNAVAILABLE', status: 503, headers: { 'retry-after': '5' } }, `${status} ${type}`)
    t.notMatch(problem.message, internals, `${status}: no word of Elasticsearch's`)
  }
  t.match(toProblem(new errors.ConnectionError('connect ECONNREFUSED 10.0.0.9:9200')), { code: 'SEARCH_UNAVAILABLE' })
  t.match(toProblem(new errors.TimeoutError('Request timed out')), { code: 'SEARCH_UNAVAILABLE' })
  for (const [status, type] of [[500, 'null_pointer_exception'], [400, 'parsing_exception'], [409, 'version_conflict_engine_exception'], [404, 'search_phase_execution_exception']] as const) {
    const problem = toProblem(await thrownFor(status, type))
    t.match(problem, { code: 'INTERNAL', status: 500 }, `${status} ${type}: our bug, not the client's`)
    t.notMatch(problem.message, internals)
  }
  t.same(esProblem('overloaded').headers, { 'retry-after': '5' }, 'bulk items take the same mapping')
  t.equal(esProblem('refused').code, 'INTERNAL')
})

test('Fastify\'s errors keep their status under the catalogue\'s code', async t => {
  const validation = Object.assign(new Error('body/name must be string'), { validation: [{ keyword: 'type', instancePath: '/name', message: 'must be string', params: {} }], validationContext: 'body' })
  t.match(toProblem(validation), { code: 'VALIDATION_FAILED', errors: [{ pointer: '/name', detail: "field 'name' must be string" }] })
  t.match(toProblem(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })), { code: 'PAYLOAD_TOO_LARGE', message: /limit of this route/ })
  t.match(toProblem(Object.assign(new Error('Object contains forbidden prototype property'), { statusCode: 400 })), { code: 'DOCUMENT_LIMIT' })
  t.match(toProblem(Object.assign(new Error('Method Not Allowed'), { statusCode: 405 })), { code: 'METHOD_NOT_ALLOWED', message: 'Method Not Allowed' })
  t.match(toProblem(Object.assign(new Error('Conflict'), { statusCode: 409 })), { code: 'CONFLICT', status: 409 }, 'a bare status takes the catalogue\'s code of it')
  t.match(toProblem(Object.assign(new Error('I\'m a teapot'), { statusCode: 418 })), { code: 'VALIDATION_FAILED', status: 400 }, 'a status the catalogue lacks is a 400')
  const crash = toProblem(new TypeError('Cannot read properties of undefined (reading \'secret\')'))
  t.match(crash, { code: 'INTERNAL', status: ERRORS.INTERNAL.status })
  t.notMatch(crash.message, /secret|undefined/, 'a crash says nothing of itself')
  t.match(toProblem(undefined), { code: 'INTERNAL' })
})
