import { test } from 'tap'
import { escapeRegExp, matchPatterns, oneEditPattern, valueText } from '../../../../src/search/query/value-match.ts'

test('texts are matched literally: every regexp operator is escaped', async t => {
  t.equal(escapeRegExp('tropical f'), 'tropical\\ f')
  t.equal(escapeRegExp('.*'), '\\.\\*')
  t.equal(escapeRegExp('a(b)[c]{1,2}|d+e?'), 'a\\(b\\)\\[c\\]\\{1\\,2\\}\\|d\\+e\\?')
  t.equal(escapeRegExp('"#@&~<>\\'), '\\"\\#\\@\\&\\~\\<\\>\\\\')
  t.equal(escapeRegExp('déjà vu 😀'), 'déjà\\ vu\\ \\😀', 'letters of any script stay; a symbol is escaped whole')
  t.equal(escapeRegExp('d\\d'), 'd\\\\d', 'never a character class')
})

test('the patterns of each kind', async t => {
  t.same(matchPatterns(''), {}, 'no text, no pattern')
  const eye = matchPatterns('eye l')
  t.equal(eye.prefix, 'eye[\\ \\-]l.*', 'a space stands for a hyphen too')
  t.match(eye.word, /^\(\.\*\[.*\]\)eye\[\\ \\-\]l\.\*$/)
  t.ok(eye.typo !== undefined, 'five characters: a typo is tolerated')
  t.equal(matchPatterns('fors').typo, undefined, 'four are too few')
  t.equal(matchPatterns('a'.repeat(25)).typo, undefined, 'twenty-five too many')
  t.equal(matchPatterns('a'.repeat(51)).word, undefined, 'words inside only for texts up to 50 characters')
  t.equal(matchPatterns('a'.repeat(200)).prefix, `${'a'.repeat(200)}.*`)
})

test('one edit: substitution, insertion, deletion, transposition; the first character kept', async t => {
  const pattern = new RegExp(`^${oneEditPattern('forset').replaceAll('\\ ', ' ')}$`)
  for (const value of ['forset', 'forest', 'forsat', 'foreset', 'forst', 'fprset']) t.match(value, pattern, value)
  for (const value of ['porset', 'ofrset', 'forsetxx', 'fotrest']) t.notMatch(value, pattern, value)
})

test('the typed text as values are stored', async t => {
  t.equal(valueText('  City  S'), 'city s')
  t.equal(valueText('city '), 'city ', 'a trailing space counts: "city " is not "citywide"')
})
