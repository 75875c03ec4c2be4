import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto'
import { SEARCH_LIMITS } from '../../schemas/search.ts'
import type { SortValue } from './build-search-request.ts'
import { InvalidCursorError } from './errors.ts'
import type { Expansions } from './text-query.ts'

/** What a page hands to the next one. */
export interface CursorState {
  tenant: string
  /** queryHash() of the query the cursor continues. */
  queryHash: string
  after: SortValue[]
  /** Epoch milliseconds of the first page: later pages only see documents indexed up to then. */
  snapshot: number
  pitId?: string
  expansions?: Expansions
}

/**
 * cursor = base64url(JSON) "." sealed "." base64url(HMAC-SHA256 of both). The JSON is readable by its holder,
 * so what must not be is in `sealed`, encrypted with AES-256-GCM (empty when there is nothing to hide): the
 * point-in-time id (it names the internal index) and the typo alternatives (they come from the whole shard,
 * other tenants included).
 */
export function encodeCursor (secret: string, state: CursorState): string {
  const hidden = { ...(state.pitId !== undefined ? { p: state.pitId } : {}), ...(state.expansions !== undefined ? { x: state.expansions } : {}) }
  const payload = { v: 1, t: state.tenant, h: state.queryHash, a: state.after, s: state.snapshot }
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  const sealed = Object.keys(hidden).length > 0 ? seal(secret, JSON.stringify(hidden)) : ''
  return `${body}.${sealed}.${mac(secret, `${body}.${sealed}`).toString('base64url')}`
}

/** Verifies and opens a cursor, which must have been issued for `expected.tenant` and `expected.queryHash`. */
export function decodeCursor (secret: string, token: string, expected: { tenant: string, queryHash: string }): CursorState {
  const [body, sealed, signature, extra] = token.split('.')
  if (body === undefined || sealed === undefined || signature === undefined || extra !== undefined || token.length > SEARCH_LIMITS.cursorLength) throw malformed()
  const given = Buffer.from(signature, 'base64url')
  const wanted = mac(secret, `${body}.${sealed}`)
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new InvalidCursorError('cursor is not one this service issued (it was altered or truncated)')
  const payload = parse(Buffer.from(body, 'base64url').toString('utf8'))
  if (payload.t !== expected.tenant) throw new InvalidCursorError('cursor was issued to another tenant')
  if (payload.h !== expected.queryHash) throw new InvalidCursorError('cursor belongs to another query: send the same q, filters, sort and facets as for the first page (only size may change)')
  const hidden = sealed === '' ? {} : JSON.parse(unseal(secret, sealed)) as { p?: string, x?: Expansions }
  return {
    tenant: payload.t,
    queryHash: payload.h,
    after: payload.a,
    snapshot: payload.s,
    ...(hidden.p !== undefined ? { pitId: hidden.p } : {}),
    ...(hidden.x !== undefined ? { expansions: hidden.x } : {})
  }
}

interface Payload { v: 1, t: string, h: string, a: SortValue[], s: number }

function parse (json: string): Payload {
  let value: Partial<Payload>
  try { value = JSON.parse(json) } catch { throw malformed() }
  const valid = value !== null && typeof value === 'object' && value.v === 1 &&
    typeof value.t === 'string' && typeof value.h === 'string' && Number.isSafeInteger(value.s) &&
    Array.isArray(value.a) && value.a.length > 0 && value.a.every(v => typeof v === 'string' || typeof v === 'number')
  if (!valid) throw malformed()
  return value as Payload
}

function malformed (): InvalidCursorError {
  return new InvalidCursorError('cursor is malformed; use the next_cursor of a previous answer as it is')
}

// Derived keys, kept as KeyObjects: deriving and importing a key for every cursor cost more than the MAC itself
// (bench/: ~15 µs against ~2 µs per first page). A process knows one secret, tests a few.
const derived = new Map<string, KeyObject>()

function key (secret: string, purpose: 'mac' | 'seal'): KeyObject {
  const id = `${purpose}:${secret}`
  let found = derived.get(id)
  if (found === undefined) {
    if (derived.size >= 32) derived.clear()
    found = createSecretKey(createHmac('sha256', secret).update(`search-cursor/${purpose}`).digest())
    derived.set(id, found)
  }
  return found
}

function mac (secret: string, body: string): Buffer {
  return createHmac('sha256', key(secret, 'mac')).update(body).digest()
}

function seal (secret: string, text: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(secret, 'seal'), iv)
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
}

function unseal (secret: string, text: string): string {
  const raw = Buffer.from(text, 'base64url')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(secret, 'seal'), raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    throw malformed()
  }
}
