import { createHmac } from 'node:crypto'
import { test } from 'tap'
import { SEARCH_LIMITS } from '../../../../src/schemas/search.ts'
import { decodeCursor, encodeCursor, type CursorState } from '../../../../src/search/query/cursor.ts'
import { ALTERNATIVES_PER_WORD, MAX_WIDENED_WORD_LENGTH, MAX_WIDENED_WORDS } from '../../../../src/search/query/typo.ts'
import { InvalidCursorError } from '../../../../src/search/query/errors.ts'

const secret = 'a-cursor-secret-of-at-least-thirty-two-bytes'
const state: CursorState = { tenant: 'acme', queryHash: 'hash-1', after: [1.25, 1_700_000_000_000, 'a01'], snapshot: 1_700_000_001_000 }
const expected = { tenant: 'acme', queryHash: 'hash-1' }

function failure (fn: () => unknown): string {
  try { fn() } catch (error) {
    if (error instanceof InvalidCursorError) return error.message
    throw error
  }
  throw new Error('did not throw')
}

test('round trip', async t => {
  t.same(decodeCursor(secret, encodeCursor(secret, state), expected), state)
  const sealed = { ...state, pitId: 'cHJpdmF0ZS1pbmRleC1uYW1l', expansions: { jungel: ['jungle'] } }
  const token = encodeCursor(secret, sealed)
  t.same(decodeCursor(secret, token, expected), sealed)
  t.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'URL-safe')
  t.match(encodeCursor(secret, state), /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/, 'nothing sealed, empty middle part')
  const readable = Buffer.from(token.split('.')[0]!, 'base64url').toString() + Buffer.from(token.split('.')[1]!, 'base64url').toString('latin1')
  t.notMatch(readable, 'jungle', 'typo corrections are sealed: they may come from another tenant')
  t.notMatch(readable, 'cHJpdmF0ZS1pbmRleC1uYW1l', 'the point in time (it names the index) is sealed')
  t.match(readable, '"t":"acme"')
})

test('tampered, truncated or forged cursors are refused', async t => {
  const token = encodeCursor(secret, { ...state, pitId: 'PIT' })
  const [body, sealed, mac] = token.split('.') as [string, string, string]
  const forged = Buffer.from(JSON.stringify({ v: 1, t: 'acme', h: 'hash-1', a: [99, 1, 'zzz'], s: 1 })).toString('base64url')
  const other = encodeCursor(secret, { ...state, pitId: 'OTHER' }).split('.')[1]
  for (const bad of [
    `${forged}.${sealed}.${mac}`,
    `${body}x.${sealed}.${mac}`,
    `${body}.${other}.${mac}`,
    `${body}..${mac}`,
    `${body}.${sealed}.${mac.slice(0, -2)}`,
    body,
    `${body}.${mac}`,
    `${body}.${sealed}.${mac}.extra`,
    'garbage',
    '',
    encodeCursor('another-secret-of-at-least-thirty-two-bytes', state)
  ]) {
    t.match(failure(() => decodeCursor(secret, bad, expected)), /^cursor /, `refused: ${bad.slice(0, 20)}`)
  }
})

test('a cursor is bound to its tenant and its query', async t => {
  const token = encodeCursor(secret, state)
  t.match(failure(() => decodeCursor(secret, token, { tenant: 'rival', queryHash: 'hash-1' })), /another tenant/)
  t.match(failure(() => decodeCursor(secret, token, { tenant: 'acme', queryHash: 'hash-2' })), /another query/)
})

test('a validly signed payload of the wrong shape is refused', async t => {
  // Only this service can sign, but a payload from an older version must still fail cleanly.
  for (const payload of [{ v: 2 }, { v: 1, t: 'acme', h: 'hash-1', a: [], s: 1 }, { v: 1, t: 'acme', h: 'hash-1', a: [{}], s: 1 }, { v: 1, t: 'acme', h: 'hash-1', a: [1], s: 'x' }]) {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
    const key = createHmac('sha256', secret).update('search-cursor/mac').digest()
    const token = `${body}..${createHmac('sha256', key).update(`${body}.`).digest('base64url')}`
    t.match(failure(() => decodeCursor(secret, token, expected)), /malformed/)
  }
  const body = encodeCursor(secret, state).split('.')[0]!
  const key = createHmac('sha256', secret).update('search-cursor/mac').digest()
  const token = `${body}.bm90LXNlYWxlZA.${createHmac('sha256', key).update(`${body}.bm90LXNlYWxlZA`).digest('base64url')}`
  t.match(failure(() => decodeCursor(secret, token, expected)), /malformed/, 'a sealed part that does not open')
})

test('the largest cursor fits the length the API accepts', async t => {
  const word = (i: number, extra = 0) => `${i}`.padEnd(MAX_WIDENED_WORD_LENGTH + extra, 'é"')
  const expansions = Object.fromEntries(Array.from({ length: MAX_WIDENED_WORDS }, (_, i) => [word(i), Array.from({ length: ALTERNATIVES_PER_WORD }, (_, j) => word(i * 10 + j, 8))]))
  const token = encodeCursor(secret, { ...state, tenant: 't'.repeat(64), after: [1.2345678, 1_700_000_000_000, 'i'.repeat(128)], pitId: 'p'.repeat(400), expansions })
  t.ok(token.length < SEARCH_LIMITS.cursorLength, `${token.length} < ${SEARCH_LIMITS.cursorLength}`)
})
