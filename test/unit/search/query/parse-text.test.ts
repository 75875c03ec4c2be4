import { test } from 'tap'
import { hasPositiveText, parseText } from '../../../../src/search/query/parse-text.ts'

test('words, phrases and exclusions', async t => {
  t.same(parseText('Jungle  "Tropical   Forest" -rain -"heavy fog" river'), {
    terms: ['jungle', 'river'],
    phrases: ['tropical forest'],
    excludedTerms: ['rain'],
    excludedPhrases: ['heavy fog']
  })
  t.same(parseText(''), { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] })
  t.same(parseText('  \t\n '), { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] })
})

test('duplicates collapse, case does not matter', async t => {
  t.same(parseText('Jungle jungle JUNGLE "a b" "A  B"').terms, ['jungle'])
  t.same(parseText('"a b" "A  B"').phrases, ['a b'])
})

test('edge cases of the three operators', async t => {
  t.same(parseText('"unterminated phrase here').phrases, ['unterminated phrase here'], 'an open quote runs to the end')
  t.same(parseText('a - b').terms, ['a', 'b'], 'a lone dash is not an exclusion')
  t.same(parseText('well-lit').terms, ['well-lit'], 'an inner dash is part of the word')
  t.same(parseText('--x').excludedTerms, ['-x'])
  t.same(parseText('"" -""'), { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] }, 'empty phrases are dropped')
  t.same(parseText('x"y z"').terms, ['x"y', 'z"'], 'a quote inside a word is a character')
  t.same(parseText('trailing -').terms, ['trailing'])
})

test('query syntax of Elasticsearch is literal text', async t => {
  t.same(parseText('tenant:other OR *').terms, ['tenant:other', 'or', '*'])
  t.same(parseText('/.*/ *x title:(a OR b)').terms, ['/.*/', '*x', 'title:(a', 'or', 'b)'])
  t.same(parseText('('.repeat(1000)).terms, ['('.repeat(1000)])
  t.same(parseText('a AND b && c || !d').terms, ['a', 'and', 'b', '&&', 'c', '||', '!d'])
})

test('hasPositiveText', async t => {
  t.equal(hasPositiveText(parseText('-rain')), false)
  t.equal(hasPositiveText(parseText('"x y"')), true)
  t.equal(hasPositiveText(parseText('x')), true)
})
