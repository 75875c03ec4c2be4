import { test } from 'tap'
import { sourcePair, sourcePairs } from '../../../../src/search/analyses/light-source-index.ts'
import { parseSource, sameSourceFilter, sourceFilter, sourceValues, without } from '../../../../src/search/query/source-selection.ts'

test('a source parameter: key:value pairs, values read like a document\'s', async t => {
  t.same(parseSource('type:Sunlight,color:Warm White / Golden'), { type: ['sunlight'], color: ['golden', 'warm white'] })
  t.same(parseSource(' TYPE : Neon sign '), { type: ['neon sign'] }, 'keys are case-insensitive, spaces are trimmed')
  t.same(parseSource('color:a:b'), { color: ['a:b'] }, 'the first colon separates key and value')
  t.match(parseSource('sunlight'), /'sunlight' is not key:value/)
  t.match(parseSource('angle:left'), /'angle' is not a key of a source; keys are type and color/)
  t.match(parseSource('type:a,type:b'), /names type twice/)
  t.match(parseSource('type: / '), /type has no value/)
  t.match(parseSource('type:a,'), /'' is not key:value/, 'a trailing comma is an empty pair')
})

test('the pair tokens of a document: per source, never across sources', async t => {
  const tokens = sourcePairs([{ type: ['sunlight'], color: ['cool blue'] }, { type: ['neon sign'], color: ['golden', 'pink'] }, { type: ['lamp'], color: [] }])
  t.same(tokens, [sourcePair('sunlight', 'cool blue'), sourcePair('neon sign', 'golden'), sourcePair('neon sign', 'pink')])
  t.notOk(tokens.includes(sourcePair('sunlight', 'golden')), 'the golden light is the neon sign\'s')
  t.not(sourcePair('a","b', 'c'), sourcePair('a', 'b","c'), 'no type/colour split reads two ways')
})

test('filters and counting scopes', async t => {
  t.same(sourceFilter({ type: ['a'], color: ['x', 'y'] }), { terms: { light_pairs: [sourcePair('a', 'x'), sourcePair('a', 'y')] } })
  t.same(sourceFilter({ type: ['a'] }), { terms: { 'facets.light_source': ['a'] } }, 'one key: the document-level facet')
  t.same(sourceFilter({ color: ['x'] }), { terms: { 'facets.light_color': ['x'] } })
  t.equal(sourceFilter({}), null)
  t.same(without({ type: ['a'], color: ['x'] }, 'type'), { color: ['x'] })
  t.equal(sameSourceFilter([], 'type'), null, 'no selection: counted at the document')
  t.equal(sameSourceFilter([{ type: ['a'] }], 'type'), null, 'nothing left once the own key is dropped')
  t.same(sameSourceFilter([{ color: ['x'] }], 'type'), { bool: { filter: [{ terms: { 'light_sources.color': ['x'] } }] } }, 'none names a type: the types of x-coloured sources')
  t.same(sameSourceFilter([{ color: ['x'] }, { type: ['a'], color: ['y'] }], 'type'), { bool: { filter: [{ terms: { 'light_sources.color': ['y'] } }] } }, 'the selections naming a type decide')
  t.same(sourceValues([{ type: ['a', 'b'] }, { type: ['b'], color: ['x'] }], 'type'), ['a', 'b'])
})
