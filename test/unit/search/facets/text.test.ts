import { test } from 'tap'
import {
  addSplitValues, addValue, canonicalize, LIST_SEPARATOR, splitOutsideBrackets, trimEdges, uniqueValues, wordPattern
} from '../../../../src/search/facets/text.ts'

function split (text: string): string[] {
  const values: string[] = []
  addSplitValues(values, text)
  return uniqueValues(values)
}

test('canonicalize lower-cases, trims and collapses inner whitespace', async (t) => {
  t.equal(canonicalize('  Tropical   Forest  '), 'tropical forest')
  t.equal(canonicalize('Tropical\t\n\u00a0Forest'), 'tropical forest')
  t.equal(canonicalize('ÜBER Café'), 'über café')
  t.equal(canonicalize('tropical forest'), 'tropical forest', 'single spaces stay')
  t.equal(canonicalize('tropical\tforest'), 'tropical forest', 'one whitespace character other than a space is a space')
  t.equal(canonicalize('a \tb\u2003 c  d'), 'a b c d', 'every run, whatever it starts with, is one space')
})

test('canonicalize strips trailing punctuation but not closing brackets', async (t) => {
  t.equal(canonicalize('Natural daylight.'), 'natural daylight')
  t.equal(canonicalize('Calm!?;:,. '), 'calm')
  t.equal(canonicalize('Calm …'), 'calm')
  t.equal(canonicalize('Calm -'), 'calm')
  t.equal(canonicalize('Calm – '), 'calm')
  t.equal(canonicalize('Calm—'), 'calm')
  t.equal(canonicalize('Shoe (detached).'), 'shoe (detached)')
  t.equal(canonicalize('Shoe [left]'), 'shoe [left]')
  t.equal(canonicalize('"Quoted"'), '"quoted"', 'quotes are text')
  t.equal(canonicalize('(bokeh)'), '(bokeh)', 'leading punctuation is text')
  t.equal(canonicalize('. , ;'), '')
  t.equal(canonicalize(''), '')
})

test('trimEdges returns the same string when nothing is trimmed', async (t) => {
  t.equal(trimEdges('calm'), 'calm')
  t.equal(trimEdges(' calm'), 'calm')
  t.equal(trimEdges('.'.repeat(100_000) + 'x'), '.'.repeat(100_000) + 'x')
  t.equal(trimEdges('x' + '.'.repeat(100_000)), 'x')
})

test('split facets split on / , ; | (FACETS.md examples)', async (t) => {
  t.strictSame(split('Jungle / Tropical Forest / Riverbank'), ['jungle', 'tropical forest', 'riverbank'])
  t.strictSame(split('Outdoor'), ['outdoor'])
  t.strictSame(split('Canteen / Flask'), ['canteen', 'flask'])
  t.strictSame(split('a|b;c,d/e'), ['a', 'b', 'c', 'd', 'e'])
  t.strictSame(split('Subject centered but looking back.'), ['subject centered but looking back'], 'words do not split')
})

test('split values are deduplicated in first-seen order and empty parts dropped', async (t) => {
  t.strictSame(split('Jungle, RIVER, jungle., River'), ['jungle', 'river'])
  t.strictSame(split(' , ;; / a,,b, .'), ['a', 'b'])
  t.strictSame(split(''), [])
  const values = ['river']
  addSplitValues(values, 'Jungle / River')
  t.strictSame(uniqueValues(values), ['river', 'jungle'], 'values already there keep their place')
  t.strictSame(uniqueValues(['a', 'b', 'c', 'b', 'a']), ['a', 'b', 'c'], 'a short list')
  const long = Array.from({ length: 30 }, (_, i) => `v${i % 12}`)
  t.strictSame(uniqueValues(long), Array.from({ length: 12 }, (_, i) => `v${i}`), 'a long list')
  const distinct = ['a', 'b', 'c']
  t.equal(uniqueValues(distinct), distinct, 'a list without duplicates is returned as it is')
})

test('separators inside brackets do not split', async (t) => {
  t.strictSame(split('Shoe (detached)'), ['shoe (detached)'])
  t.strictSame(split('Canteen (Metal/Silver, strap), Flask'), ['canteen (metal/silver, strap)', 'flask'])
  t.strictSame(split('Backlit [rim/halo]; Sun'), ['backlit [rim/halo]', 'sun'])
  t.strictSame(split('a ((b, c) d), e'), ['a ((b, c) d)', 'e'], 'nested')
  t.strictSame(split('a), b (c'), ['a)', 'b (c'], 'unbalanced brackets: everything splits')
  t.strictSame(split('a (b, c'), ['a (b', 'c'], 'unclosed bracket: everything splits')
})

test('splitOutsideBrackets keeps parts untrimmed and slices the original text', async (t) => {
  t.strictSame(splitOutsideBrackets('A (x/y)/ B', LIST_SEPARATOR), ['A (x/y)', ' B'])
  t.strictSame(splitOutsideBrackets('A (x/y)', LIST_SEPARATOR), ['A (x/y)'])
  t.strictSame(splitOutsideBrackets('no separator', LIST_SEPARATOR), ['no separator'])
})

test('addValue drops empty strings', async (t) => {
  const values: string[] = []
  addValue(values, 'a')
  addValue(values, '')
  addValue(values, 'a')
  t.strictSame(values, ['a', 'a'])
})

test('uniqueValues keeps the first of each value, in order', async (t) => {
  t.strictSame(uniqueValues(['b', 'a', 'b', 'c', 'a']), ['b', 'a', 'c'])
  const distinct = ['a', 'b']
  t.equal(uniqueValues(distinct), distinct, 'no copy when there is nothing to remove')
  t.strictSame(uniqueValues([]), [])
  const many = Array.from({ length: 50_000 }, (_, i) => `v${i % 40_000}`)
  t.equal(uniqueValues(many).length, 40_000)
})

test('wordPattern matches whole words; a hyphen is a boundary', async (t) => {
  const tele = wordPattern('tele')
  t.ok(tele.test('tele'))
  t.ok(tele.test('a tele-zoom'))
  t.notOk(tele.test('telescope'))
  t.notOk(tele.test('hotele'))
  t.notOk(tele.test('étele'), 'non-ASCII letters are word characters')
  t.ok(wordPattern('a', 'g').global)
})
