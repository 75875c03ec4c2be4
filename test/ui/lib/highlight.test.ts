import { test } from 'tap'
import { decodeEntities, highlightRuns } from '../../../ui/src/lib/highlight.ts'

test('highlight fragments become text runs, never HTML', async t => {
  t.same(highlightRuns('A <em>jungle</em> river &amp; a <em>lush</em> bank'), [
    { text: 'A ', match: false }, { text: 'jungle', match: true }, { text: ' river & a ', match: false }, { text: 'lush', match: true }, { text: ' bank', match: false }
  ])
  t.same(highlightRuns('&lt;script&gt;alert(1)&lt;&#x2F;script&gt; <em>x</em>'), [{ text: '<script>alert(1)</script> ', match: false }, { text: 'x', match: true }],
    'escaped markup stays text')
  t.same(highlightRuns('<em>only</em>'), [{ text: 'only', match: true }])
  t.same(highlightRuns(''), [])
})

test('entities: named, decimal, hexadecimal; unknown and out-of-range ones are kept', async t => {
  t.equal(decodeEntities('&quot;&#39;&#x27;&apos;&AMP;&gt;'), '"\'\'\'&>')
  t.equal(decodeEntities('&nbsp; &#0; &#x110000; &unknown;'), '&nbsp; &#0; &#x110000; &unknown;')
  t.equal(decodeEntities('&#128512;'), '😀')
})
