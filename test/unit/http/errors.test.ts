import { test } from 'tap'
import { readFileSync } from 'node:fs'
import { codeForStatus, ERRORS, problemTypeUri } from '../../../src/http/errors.ts'

test('every error code is documented in docs/errors.md with its status, and nothing else is', async t => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')
  const rows = new Map([...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map(m => [m[1]!, Number(m[2])]))
  for (const [code, { status }] of Object.entries(ERRORS)) {
    t.equal(rows.get(code), status, `${code} is documented as ${status}`)
  }
  t.same([...rows.keys()].sort(), Object.keys(ERRORS).sort(), 'no stale rows')
})

test('problem type URIs are stable and distinct', async t => {
  const uris = Object.keys(ERRORS).map(code => problemTypeUri(code as keyof typeof ERRORS))
  t.equal(new Set(uris).size, uris.length)
  t.equal(problemTypeUri('VALIDATION_FAILED'), 'urn:image-analyses:problem:validation-failed')
})

test('a bare status reads as the catalogue\'s general code of that status', async t => {
  t.equal(codeForStatus(400), 'VALIDATION_FAILED')
  t.equal(codeForStatus(404), 'NOT_FOUND', 'not ROUTE_NOT_FOUND, which only the router answers')
  t.equal(codeForStatus(409), 'CONFLICT')
  t.equal(codeForStatus(503), 'SEARCH_UNAVAILABLE')
  t.equal(codeForStatus(418), undefined)
})
