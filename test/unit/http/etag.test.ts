import { test } from 'tap'
import { etagCodec } from '../../../src/http/etag.ts'

const versions = [
  { index: 'catalog-analyses-v3', seqNo: 0, primaryTerm: 1 },
  { index: 'catalog-analyses-v3', seqNo: 41, primaryTerm: 1 },
  { index: 'catalog-analyses-v4', seqNo: 2 ** 40, primaryTerm: 7 },
  { index: 'catalog-analyses-v3', seqNo: 41, primaryTerm: 1 }
]

test('a bulk answer\'s ETags are the single writes\' ETags, in order', async (t) => {
  const etags = etagCodec('a-secret-of-at-least-thirty-two-bytes!!')
  const all = etags.formatAll(versions)
  t.strictSame(all, versions.map(version => etags.format(version)))
  t.equal(new Set(all).size, 3, 'distinct versions, distinct ETags; the same version, the same ETag')
  for (const etag of all) t.match(etag, /^"[A-Za-z0-9_-]{22}"$/)
  t.strictSame(all.map(etag => etags.parse(etag)), versions.map(({ index, seqNo, primaryTerm }) => ({ indexVersion: Number(index.slice(-1)), seqNo, primaryTerm })))
  t.strictSame(etags.formatAll([]), [])
})

test('an ETag of another key names nothing', async (t) => {
  const [etag] = etagCodec('a-secret-of-at-least-thirty-two-bytes!!').formatAll(versions)
  t.equal(etagCodec('another-secret-of-at-least-thirty-two-b').parse(etag!), null)
})
