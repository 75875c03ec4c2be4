import { test } from 'tap'
import { allowedEdits, closestValues, editDistance } from '../../../src/search/edit-distance.ts'

test('edit distance counts an adjacent transposition as one edit', async t => {
  t.equal(editDistance('forest', 'forest'), 0)
  t.equal(editDistance('forset', 'forest'), 1, 'transposition')
  t.equal(editDistance('jungel', 'jungle'), 1)
  t.equal(editDistance('telefoto', 'telephoto'), 2)
  t.equal(editDistance('', 'abc'), 3)
  t.equal(editDistance('abc', ''), 3)
  t.equal(editDistance('kitten', 'sitting'), 3)
})

test('edits allowed grow with the length; none for very short values', async t => {
  t.same([1, 3, 4, 7, 8, 20].map(allowedEdits), [0, 0, 1, 1, 2, 2])
})

test('closest values: within the allowed edits or sharing a prefix, closest and most frequent first', async t => {
  const candidates = [
    { value: 'jungle', count: 5 }, { value: 'jungles', count: 1 }, { value: 'bungle', count: 9 }, { value: 'beach', count: 40 },
    { value: 'jungle', count: 5 }, { value: 'jungel', count: 1 }
  ]
  t.same(closestValues('jungel', candidates, 3), ['jungle'], 'bungle and jungles are two edits away; the value itself is no suggestion')
  t.same(closestValues('jung', candidates, 3), ['jungle', 'jungel', 'jungles'], 'a shared prefix of 3+ characters: fewer edits first, then more documents')
  t.same(closestValues('ju', candidates, 3), [], 'too short for a prefix or a typo')
  t.same(closestValues('bungle', candidates, 1), ['jungle'], 'limited')
})
