import { writeFailure } from '../../clients/elasticsearch-errors.ts'
import { WriteNotStoredError, WriteOutcomeUnknownError } from '../errors.ts'

/**
 * Sends one write request (index, delete, bulk) and says honestly what happened when it failed.
 *
 * The transport's own retry is off for writes: it would resend after a lost connection too, when the first attempt
 * may already have been applied — a conditional write then fails on its own first attempt (a 412 for the client's
 * own write) and a created document reads as replaced. Here a request is sent again only when the first attempt
 * never left (connection refused: another node may take it); an outcome nobody knows is a WriteOutcomeUnknownError,
 * a certain refusal a WriteNotStoredError; any other error (a conflict, a bug) passes as it is.
 */
export async function sendWrite<T> (send: (options: { maxRetries: number }) => Promise<T>): Promise<T> {
  const once = { maxRetries: 0 }
  try {
    return await send(once)
  } catch (error) {
    if (writeFailure(error) !== 'not-sent') throw asWriteError(error)
  }
  try {
    return await send(once)
  } catch (error) {
    throw asWriteError(error)
  }
}

function asWriteError (error: unknown): unknown {
  const failure = writeFailure(error)
  if (failure === 'unknown') return new WriteOutcomeUnknownError({ cause: error })
  if (failure !== null) return new WriteNotStoredError({ cause: error })
  return error
}

/**
 * A read a write needs before it is sent (the tenant's vocabulary): when Elasticsearch cannot answer it, the write
 * was never sent, so the client is told for certain that nothing was stored.
 */
export async function beforeWrite<T> (read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    throw writeFailure(error) === null ? error : new WriteNotStoredError({ cause: error })
  }
}
