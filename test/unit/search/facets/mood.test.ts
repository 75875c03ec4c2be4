import { test } from 'tap'
import { addMoodValues } from '../../../../src/search/facets/mood.ts'
import { uniqueValues } from '../../../../src/search/facets/text.ts'

function moods (...texts: string[]): string[] {
  const values: string[] = []
  for (const text of texts) addMoodValues(values, text)
  return uniqueValues(values)
}

test('FACETS.md example', async (t) => {
  t.strictSame(moods('Wild, naturalistic, slightly vulnerable but composed.'), ['wild', 'naturalistic', 'vulnerable', 'composed'])
})

test('splits on , ; / | and the words and, but, yet, or', async (t) => {
  t.strictSame(moods('calm; serene / content | happy'), ['calm', 'serene', 'content', 'happy'])
  t.strictSame(moods('Calm and serene'), ['calm', 'serene'])
  t.strictSame(moods('tense yet hopeful or resigned'), ['tense', 'hopeful', 'resigned'])
  t.strictSame(moods('Playful AND defiant'), ['playful', 'defiant'])
  t.strictSame(moods('calm and/or tense'), ['calm', 'tense'])
})

test('joining words only split as whole words', async (t) => {
  t.strictSame(moods('forlorn, bored'), ['forlorn', 'bored'])
  t.strictSame(moods('Yearning'), ['yearning'])
  t.strictSame(moods('brandy-warm, grand'), ['brandy-warm', 'grand'])
  t.strictSame(moods('rock-and-roll energy'), ['rock-and-roll energy'], 'hyphenated compounds stay whole')
})

test('every hedge word is dropped', async (t) => {
  for (const hedge of ['slightly', 'somewhat', 'very', 'quite', 'rather', 'mildly', 'moderately', 'highly', 'extremely', 'fairly', 'a bit', 'a little']) {
    t.strictSame(moods(`${hedge} tense`), ['tense'], hedge)
  }
  t.strictSame(moods('Very, VERY calm'), ['calm'])
  t.strictSame(moods('a little bit anxious'), ['anxious'], 'a little bit, not "bit anxious"')
  t.strictSame(moods('calm but a bit sad'), ['calm', 'sad'])
  t.strictSame(moods('tense, somewhat'), ['tense'], 'a part that is only a hedge is dropped')
  t.strictSame(moods('calm (slightly tense)'), ['calm (tense)'])
})

test('hedges only as whole words', async (t) => {
  t.strictSame(moods('everyday calm'), ['everyday calm'])
  t.strictSame(moods('highly-strung'), ['highly-strung'])
  t.strictSame(moods('quiet'), ['quiet'])
  t.strictSame(moods('bitter'), ['bitter'])
  t.strictSame(moods('a bitter mood'), ['a bitter mood'])
})

test('mood values are deduplicated in first-seen order', async (t) => {
  t.strictSame(moods('calm, very calm, tense', 'Calm and relaxed'), ['calm', 'tense', 'relaxed'])
})

test('separators inside brackets do not split', async (t) => {
  t.strictSame(moods('wistful (nostalgic and warm), calm'), ['wistful (nostalgic and warm)', 'calm'])
})
