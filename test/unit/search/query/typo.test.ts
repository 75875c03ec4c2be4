import { test } from 'tap'
import type { estypes } from '@elastic/elasticsearch'
import { expansionsFrom, termSuggesters } from '../../../../src/search/query/typo.ts'

const entry = (text: string, offset: number, options: string[]): estypes.SearchTermSuggest =>
  ({ text, offset, length: text.length, options: options.map(o => ({ text: o, score: 0.8, freq: 1 })) })

test('corrections map back to the words they came from', async t => {
  const terms = ['eye-levle', 'jungel', 'woman']
  t.equal((termSuggesters(terms) as { text: string }).text, 'eye-levle jungel woman')
  const suggest = {
    typo_analysis_text: [entry('eye', 0, []), entry('levle', 4, ['level', 'leave']), entry('jungel', 10, ['jungle']), entry('woman', 17, [])],
    typo_caption: [entry('eye', 0, []), entry('levle', 4, []), entry('jungel', 10, ['jungle', 'jungles']), entry('woman', 17, [])]
  }
  t.same(expansionsFrom(terms, suggest), {
    'eye-levle': ['eye-level', 'eye-leave'],
    jungel: ['jungle', 'jungles']
  }, 'only the misspelt token of a word is replaced; duplicates merge')
  t.same(expansionsFrom(terms, undefined), {})
  t.same(expansionsFrom(['abc'], { typo_caption: [entry('abc', 0, ['abd', 'abe', 'abf', 'abg'])] }), { abc: ['abd', 'abe', 'abf'] }, 'at most three alternatives')
})

test('long words and many words are bounded', async t => {
  const long = 'x'.repeat(33)
  t.same(expansionsFrom([long], { typo_caption: [entry(long, 0, ['y'.repeat(33)])] }), {}, 'a 33-character word is not widened')
  const terms = Array.from({ length: 10 }, (_, i) => `wrd${i}`)
  const suggest = { typo_caption: terms.map((term, i) => entry(term, i * 5, [`word${i}`])) }
  t.equal(Object.keys(expansionsFrom(terms, suggest)).length, 8, 'at most eight words widened')
})
