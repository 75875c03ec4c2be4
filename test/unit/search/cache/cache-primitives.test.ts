import { test } from 'tap'
import { bodyEtag, decodeEntry, encodeEntry } from '../../../../src/search/cache/entry.ts'
import { CACHE_KINDS, canonicalKey, entryKey, generationKey, lockKey, queryDigest } from '../../../../src/search/cache/keys.ts'

test('every key of a tenant carries the tenant as a hash tag, with kind, epoch, generation and digest', async t => {
  const digest = queryDigest('q=jungle')
  t.equal(generationKey('acme'), 'gen:{acme}')
  for (const kind of CACHE_KINDS) {
    t.equal(entryKey('acme', kind, digest, '3'), `c:{acme}:${kind}:${digest}:3`)
    t.equal(lockKey('acme', kind, digest, '3', '17'), `lock:{acme}:${kind}:${digest}:3.17`)
  }
  t.match(digest, /^[A-Za-z0-9_-]{22}$/)
  t.equal(queryDigest('q=jungle'), digest, 'stable')
  t.not(queryDigest('q=jungles'), digest)
})

test('canonical keys ignore object key order and undefined, keep array order', async t => {
  t.equal(canonicalKey({ b: 1, a: { d: [2, 1], c: undefined } }), canonicalKey({ a: { d: [2, 1] }, b: 1 }))
  t.not(canonicalKey({ a: [1, 2] }), canonicalKey({ a: [2, 1] }))
  t.equal(canonicalKey('as is'), 'as is')
})

test('entries round-trip; the ETag is a strong digest of the body', async t => {
  const body = JSON.stringify({ text: 'line\nbreak', n: 1 })
  const etag = bodyEtag(body)
  t.match(etag, /^"[A-Za-z0-9_-]{27}"$/)
  t.equal(bodyEtag(body), etag)
  t.not(bodyEtag(`${body} `), etag)
  const raw = encodeEntry('17', { body, etag, storedAt: 1234 })
  t.same(decodeEntry(raw, '17'), { body, etag, storedAt: 1234 })
  t.equal(decodeEntry(raw, '18'), null, 'an entry of another generation is no entry')
  t.equal(decodeEntry(raw, '1'), null, 'the generation is compared whole, not as a prefix')
  t.equal(decodeEntry('garbage', '17'), null)
  t.equal(decodeEntry('17\nx\n"e"\n{}', '17'), null)
  t.equal(decodeEntry('17\n1234\n"e"', '17'), null)
})
