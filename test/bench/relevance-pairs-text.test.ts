import { test } from 'tap'
import { RELEVANCE_PAIRS } from '../../bench/relevance.ts'
import { canonicalQuery } from '../../src/search/query/canonical-query.ts'
import { allowedEdits, editDistance } from '../../src/search/edit-distance.ts'

// The relevance check (bench/relevance.ts) measures the overlap on the demo corpus; here, without Elasticsearch, that
// each pair is what its kind says: a typo within the edits a word may have, a start of the word meant.
test('at least 30 pairs of three kinds, each what its kind says', async t => {
  t.ok(RELEVANCE_PAIRS.length >= 30, `${RELEVANCE_PAIRS.length} pairs`)
  for (const kind of ['typo', 'prefix', 'wording']) t.ok(RELEVANCE_PAIRS.filter(pair => pair.kind === kind).length >= 10, `10 or more ${kind} pairs`)
  for (const pair of RELEVANCE_PAIRS) {
    if (pair.kind === 'wording') continue
    const typed = canonicalQuery({ q: (pair.query as { q: string }).q }).text
    const meant = canonicalQuery({ q: (pair.reference as { q: string }).q }).text
    t.notOk('prefix' in meant, `${pair.reference.q}: the reference is whole words`)
    const words = [...typed.terms, ...(typed.prefix !== undefined ? [typed.prefix] : [])]
    if (pair.kind === 'prefix') {
      t.ok(typed.prefix !== undefined && meant.terms.some(word => word.startsWith(typed.prefix!) && word !== typed.prefix), `${pair.query.q}: a start of a word meant`)
    } else {
      const wrong = words.filter(word => !meant.terms.includes(word))
      t.ok(wrong.length > 0 && wrong.every(word => meant.terms.some(m => editDistance(word, m) <= allowedEdits(word.length)) || word === typed.prefix), `${pair.query.q}: typos a word may have`)
    }
  }
})
