import { test } from 'tap'
import { depthOfField } from '../../../../src/search/facets/depth-of-field.ts'
import { canonicalize } from '../../../../src/search/facets/text.ts'

const depthOf = (text: string): string | null => depthOfField(canonicalize(text))

test('every word of FACETS.md names its class', async (t) => {
  const cases: Array<[string, string]> = [
    ['Shallow', 'shallow'], ['narrow depth of field', 'shallow'], ['thin focal plane', 'shallow'], ['Strong bokeh', 'shallow'],
    ['Medium', 'medium'], ['moderate depth', 'medium'],
    ['Deep focus', 'deep'], ['large depth of field', 'deep'], ['Everything in focus', 'deep'],
    ['everything is in focus', 'deep'], ['wide depth of field', 'deep']
  ]
  for (const [text, depth] of cases) t.equal(depthOf(text), depth, text)
})

test('the seed sentence is shallow', async (t) => {
  t.equal(depthOf('Shallow, background and foreground are blurred (bokeh).'), 'shallow')
})

test('several classes named: the first named wins', async (t) => {
  t.equal(depthOf('Deep focus with a touch of bokeh'), 'deep')
  t.equal(depthOf('Bokeh in the back, otherwise deep'), 'shallow')
  t.equal(depthOf('moderate, nearly deep'), 'medium')
  t.equal(depthOf('moderately shallow'), 'shallow', '"moderately" is not the word "moderate"')
})

test('aperture words are not depth words', async (t) => {
  t.equal(depthOf('wide aperture, shallow'), 'shallow')
  t.equal(depthOf('large aperture'), null)
  t.equal(depthOf('shot wide open'), null)
})

test('words only as whole words', async (t) => {
  t.equal(depthOf('thinking subject'), null)
  t.equal(depthOf('deeply moving'), null)
  t.equal(depthOf('f/8'), null)
  t.equal(depthOf(''), null)
})
