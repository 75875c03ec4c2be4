import { createRequire } from 'node:module'
import MockModule from '@elastic/elasticsearch-mock'
import { Client, type errors, type estypes } from '@elastic/elasticsearch'

// The mock is CommonJS, typed with a default export: at run time the default import is the class itself.
const Mock = MockModule as unknown as typeof MockModule.default
// @elastic/elasticsearch ships a CommonJS and an ES build, each with its own classes; the mock recognizes an answer
// to fake by the CommonJS ResponseError. The client under test is the ES build the service uses, so what it throws
// is the service's own error class.
const commonJs = createRequire(import.meta.url)('@elastic/elasticsearch') as { errors: typeof errors }

/**
 * A real client whose Connection answers from a mock (elasticsearch-js's own way of testing its transport): for
 * failure paths a real server cannot easily be made to produce, never for search semantics.
 */
export function mockedEs (): { es: Client, mock: InstanceType<typeof Mock> } {
  const mock = new Mock()
  // The mock's Connection extends the CommonJS BaseConnection; the ES build's types name their own (same shape).
  const Connection = mock.getConnection() as unknown as NonNullable<ConstructorParameters<typeof Client>[0]>['Connection']
  return { mock, es: new Client({ node: 'http://mocked.invalid:9200', Connection, maxRetries: 0 }) }
}

/** What a mock resolver returns for the mocked cluster to refuse with `statusCode` and this error body. */
export function refusal (statusCode: number, error: estypes.ErrorCause): Record<string, unknown> {
  const answer = { body: { error, status: statusCode }, statusCode, headers: {}, warnings: null, meta: {} }
  return new commonJs.errors.ResponseError(answer as unknown as ConstructorParameters<typeof errors.ResponseError>[0]) as unknown as Record<string, unknown>
}

/** What a mock resolver returns for the request to fail in transit: a timeout, or a connection error with `message`. */
export function transportFailure (name: 'TimeoutError' | 'ConnectionError', message: string): Record<string, unknown> {
  const Failure = name === 'TimeoutError' ? commonJs.errors.TimeoutError : commonJs.errors.ConnectionError
  return new Failure(message) as unknown as Record<string, unknown>
}
