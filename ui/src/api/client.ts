import { readToken } from '../session.ts'
import type { Problem } from './types.ts'

/** An answer of the API other than 2xx/304, carrying its problem document (or one made up for a network failure). */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem
  constructor (status: number, problem: Problem) {
    super(problem.detail)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }
}

interface Answer<T> {
  status: number
  headers: Headers
  /** Undefined for 204 and 304. */
  body: T | undefined
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  headers?: Record<string, string>
  body?: string
  signal?: AbortSignal
}

type UnauthorizedListener = (detail: string) => void
const listeners = new Set<UnauthorizedListener>()

/** Every 401, wherever it happens, sends the user back to sign-in with the problem's detail. */
export function onUnauthorized (listener: UnauthorizedListener): () => void {
  listeners.add(listener)
  return () => { listeners.delete(listener) }
}

/** For the calls that do not go through call() (the bulk import client). */
export function reportUnauthorized (detail: string): void {
  for (const listener of listeners) listener(detail)
}

/** One call of the API with the session's bearer token. Aborted calls reject with the signal's AbortError. */
export async function call<T> (path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  const token = readToken()
  if (token !== null) headers.authorization = `Bearer ${token}`
  let response: Response
  try {
    // `no-cache`: the browser may keep an answer but asks the service every time, with If-None-Match (a 304 when
    // nothing changed), so nothing is shown from the browser's cache unchecked, whatever a route's headers say or
    // whose token signed in before. It sends `Cache-Control: max-age=0`, which the service's cache honours; the
    // modes `no-store` and `reload`, or a hand-made If-None-Match, would send `no-cache` and bypass that cache.
    response = await fetch(path, { method: options.method ?? 'GET', headers, body: options.body, signal: options.signal, cache: 'no-cache' })
  } catch (error) {
    if (options.signal?.aborted === true) throw error
    throw new ApiError(0, made(0, 'The service did not answer; check that it is running and try again'))
  }
  if (response.ok || response.status === 304) {
    const body = response.status === 204 || response.status === 304 ? undefined : await response.json() as T
    return { status: response.status, headers: response.headers, body }
  }
  const problem = await readProblem(response)
  if (response.status === 401) reportUnauthorized(problem.detail)
  throw new ApiError(response.status, problem)
}

async function readProblem (response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    const body = await response.json().catch(() => null) as Partial<Problem> | null
    if (typeof body?.detail === 'string') return { ...made(response.status, body.detail), ...body }
  }
  return made(response.status, `The service answered ${response.status} ${response.statusText}`)
}

function made (status: number, detail: string): Problem {
  return { type: 'about:blank', title: 'Request failed', status, detail, code: status === 0 ? 'NETWORK' : 'HTTP' }
}

export function isAbort (error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}
