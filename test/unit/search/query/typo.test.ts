import { test } from 'tap'
import type { estypes } from '@elastic/elasticsearch'
import { expansionsFrom, lastWordProbe, termSuggesters, typoExpansions, widenedWords } from '../../../../src/search/query/typo.ts'
import { parseText } from '../../../../src/search/query/parse-text.ts'

const entry = (text: string, offset: number, options: string[]): estypes.SearchTermSuggest =>
  ({ text, offset, length: text.length, options: options.map(o => ({ text: o, score: 0.8, freq: 1 })) })

test('corrections map back to the words they came from', async t => {
  const terms = ['eye-levle', 'jungel', 'woman']
  t.equal((termSuggesters(terms) as { text: string }).text, 'eye-levle jungel woman')
  const suggest = {
    typo_analysis_text: [entry('eye', 0, []), entry('levle', 4, ['level', 'lever']), entry('jungel', 10, ['jungle']), entry('woman', 17, [])],
    typo_caption: [entry('eye', 0, []), entry('levle', 4, []), entry('jungel', 10, ['jungle', 'jungles']), entry('woman', 17, [])]
  }
  t.same(expansionsFrom(terms, suggest), {
    'eye-levle': ['eye-level'],
    jungel: ['jungle']
  }, 'only the misspelt token of a word is replaced; duplicates merge; two edits are too many under 8 characters')
  t.same(expansionsFrom(terms, undefined), {})
  t.same(expansionsFrom(['abcd'], { typo_caption: [entry('abcd', 0, ['abce', 'abcf', 'abcg', 'abch'])] }), { abcd: ['abce', 'abcf', 'abcg'] }, 'at most three alternatives')
  t.same(expansionsFrom(['abc'], { typo_caption: [entry('abc', 0, ['abd'])] }), {}, 'a word of 3 characters is never corrected')
  t.same(expansionsFrom(['photograhpy'], { typo_caption: [entry('photograhpy', 0, ['photography', 'photographs', 'phonograph'])] }), { photograhpy: ['photography', 'photographs'] },
    'two edits from 8 characters (a swap is one), three never')
})

test('long words and many words are bounded', async t => {
  const long = 'x'.repeat(33)
  t.same(expansionsFrom([long], { typo_caption: [entry(long, 0, ['y'.repeat(33)])] }), {}, 'a 33-character word is not widened')
  const terms = Array.from({ length: 10 }, (_, i) => `wrd${i}`)
  const suggest = { typo_caption: terms.map((term, i) => entry(term, i * 5, [`word${i}`])) }
  t.equal(Object.keys(expansionsFrom(terms, suggest)).length, 8, 'at most eight words widened')
})

test('the last word is widened only when it matches nothing alone, and the answer says how each word was', async t => {
  const text = parseText('wman jumg', { asYouType: true })
  t.same(text, { terms: ['wman'], phrases: [], excludedTerms: [], excludedPhrases: [], prefix: 'jumg' })
  const suggest = { typo_caption: [entry('wman', 0, ['woman']), entry('jumg', 5, ['jump'])] }
  t.same(typoExpansions(text, suggest, false), { wman: ['woman'], jumg: ['jump'] })
  t.same(typoExpansions(text, suggest, true), { wman: ['woman'] }, 'a last word that matches alone stays as typed')
  t.same(typoExpansions(text, { typo_caption: [] }, false), { jumg: [] }, 'no correction: widened to the starts one typo away only')
  const short = parseText('jum', { asYouType: true })
  t.same(typoExpansions(short, undefined, false), {}, 'three letters: never widened')
  t.match(lastWordProbe(text, { index: 'i', tenant: 'acme' }), { size: 0, terminate_after: 1, routing: 'acme', query: { bool: { filter: [{ term: { tenant: 'acme' } }, { bool: { should: Array } }] } } },
    'the probe of the last word: the tenant\'s first match answers')
  t.equal(lastWordProbe(short, { index: 'i', tenant: 'acme' }), undefined, 'no probe where no typo is allowed')
  t.equal(lastWordProbe(parseText('jumg '), { index: 'i', tenant: 'acme' }), undefined, 'nor without a last word typed')
  t.same(widenedWords(text, { wman: ['woman'], jumg: [] }), [{ word: 'wman', matched_as: 'typo' }, { word: 'jumg', matched_as: 'prefix+typo' }])
  t.same(widenedWords(text, undefined), [])
})
