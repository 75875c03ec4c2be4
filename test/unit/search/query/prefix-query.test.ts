import { test } from 'tap'
import { prefixMatch, prefixText, prefixVariants } from '../../../../src/search/query/prefix-query.ts'
import { WORD_PREFIXES } from '../../../../src/search/index/mappings.ts'
import { parseText } from '../../../../src/search/query/parse-text.ts'

test('the last word of a text not ending in a space is the prefix', async t => {
  t.same(parseText('red tel', { asYouType: true }), { terms: ['red'], phrases: [], excludedTerms: [], excludedPhrases: [], prefix: 'tel' })
  t.same(parseText('Red TEL', { asYouType: true }).prefix, 'tel', 'lower-cased like the terms')
  t.notOk('prefix' in parseText('red tel ', { asYouType: true }), 'a trailing space: every word is complete')
  t.notOk('prefix' in parseText('red tel\t', { asYouType: true }))
  t.notOk('prefix' in parseText('red -tel', { asYouType: true }), 'an exclusion is never a prefix')
  t.notOk('prefix' in parseText('red "tel', { asYouType: true }), 'nor a phrase, even open')
  t.same(parseText('tel red tel', { asYouType: true }), { terms: ['tel', 'red'], phrases: [], excludedTerms: [], excludedPhrases: [] }, 'a word typed before is complete')
  t.same(parseText('jung', { asYouType: true }).terms, [])
  t.notOk('prefix' in parseText('red tel'), 'only when asked (the canonical query asks)')
  t.notOk('prefix' in parseText('a -', { asYouType: true }), 'a lone dash is no word')
})

test('the prefix text: tokens of at most max_chars, so no query can become an expensive prefix query', async t => {
  t.equal(WORD_PREFIXES.max_chars, 10)
  t.equal(prefixText('tel'), 'tel')
  t.equal(prefixText('eye-lev'), 'eye lev', 'a hyphen separates tokens, as the analyser does')
  t.equal(prefixText('photographers'), 'photograph', 'cut to 10 characters')
  t.equal(prefixText('tenant:x(*)/.*/'), 'tenant:x .', 'operators are not text; nothing is query syntax')
  t.equal(prefixText('***'), '')
  t.equal(prefixText('a'.repeat(1000)), 'a'.repeat(10))
  const astral = 'abcdefghi\u{1D400}z'
  t.equal(prefixText(astral), 'abcdefghi', 'a surrogate pair is never split')
  for (const word of ['x'.repeat(300), 'ab-'.repeat(100), '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}', 'İİİİİİİİİİİİ', '4.5mm-135.5mm']) {
    for (const token of prefixText(word).split(' ')) t.ok(token.length <= 10, `${JSON.stringify(word).slice(0, 20)}: ${token.length} code units`)
  }
})

test('the starts one typo away: first letter kept, four letters at least', async t => {
  const variants = prefixVariants('jumg')
  t.ok(variants.includes('jung'), 'substitution')
  t.ok(variants.includes('jum'), 'the last letter dropped (it may be the typo)')
  t.ok(variants.includes('jmug'), 'swap of neighbours')
  t.ok(variants.includes('jumpg'), 'insertion')
  t.ok(variants.includes('jug'), 'deletion')
  t.notOk(variants.includes('jumg'))
  t.notOk(variants.some(v => !v.startsWith('j')), 'the first letter is kept')
  t.notOk(variants.includes('jumga'), 'an insertion at the end is a longer start: the word itself covers it')
  t.same(prefixVariants('jum'), [], 'three letters: no typo')
  t.same(prefixVariants('eye-lev'), [], 'only words of letters and digits')
  const long = prefixVariants('photographers')
  t.ok(long.every(v => v.length <= 10), 'cut to max_chars')
  t.ok(long.length < 500, `${long.length} variants at most for 10 characters`)
  t.ok(prefixVariants('naïve').includes('nïïve'), 'the word\'s own letters may be substituted')
})

test('prefix clauses: constant scores per field, on the words sub-fields', async t => {
  t.same(prefixMatch('', { caption: 1, analysis_text: 1 }), [])
  t.same(prefixMatch([], { caption: 1, analysis_text: 1 }), [])
  t.same(prefixMatch(['ab', 'ac'], { caption: 2, analysis_text: 1 })[0], {
    constant_score: { filter: { bool: { should: [{ match_bool_prefix: { 'caption.words': { query: 'ab', operator: 'and' } } }, { match_bool_prefix: { 'caption.words': { query: 'ac', operator: 'and' } } }] } }, boost: 2 }
  })
})
