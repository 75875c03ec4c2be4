import { test } from 'tap'
import type { NormalizeWarning } from '../../../../src/schemas/facets.ts'
import {
  escapePointerToken, readElementTexts, readTexts, ROOT_POINTER, sourcePath, toPointer, typeName
} from '../../../../src/search/facets/sources.ts'

const SETTING = sourcePath('environment', 'setting')
const OBJECTS = sourcePath('objects')

function read (root: unknown, path = SETTING): { texts: readonly string[], warnings: NormalizeWarning[] } {
  const warnings: NormalizeWarning[] = []
  return { texts: readTexts(root, path, ['setting'], warnings), warnings }
}

function readNames (root: unknown): { texts: string[], warnings: NormalizeWarning[] } {
  const warnings: NormalizeWarning[] = []
  return { texts: readElementTexts(root, OBJECTS, 'name', ['objects'], warnings), warnings }
}

function warning (pointer: string, detail: string): NormalizeWarning {
  return { code: 'facet_source_type', facet: 'setting', pointer, detail }
}

test('JSON pointer tokens are escaped as RFC 6901 says', async (t) => {
  t.equal(escapePointerToken('a/b~c'), 'a~1b~0c')
  t.equal(escapePointerToken('~1'), '~01', '~ is escaped first, so ~1 in a key stays distinguishable')
  t.equal(escapePointerToken('plain'), 'plain')
  t.equal(toPointer(ROOT_POINTER, ['objects', 3, 'a/b']), '/image_analysis/objects/3/a~1b')
  t.equal(toPointer(ROOT_POINTER, ['']), '/image_analysis/', 'an empty key is an empty token')
})

test('sourcePath precomputes the pointer of every prefix', async (t) => {
  t.strictSame(sourcePath('subject', 'emotional_state', 'mood').pointers, [
    '/image_analysis',
    '/image_analysis/subject',
    '/image_analysis/subject/emotional_state',
    '/image_analysis/subject/emotional_state/mood'
  ])
})

test('typeName names JSON types', async (t) => {
  t.strictSame([null, [], {}, 1, 'a', true, undefined].map(typeName),
    ['null', 'array', 'object', 'number', 'string', 'boolean', 'undefined'])
})

test('a string or an array of strings is read as texts', async (t) => {
  t.strictSame(read({ environment: { setting: 'Jungle' } }), { texts: ['Jungle'], warnings: [] })
  t.strictSame(read({ environment: { setting: ['Jungle', 'River'] } }), { texts: ['Jungle', 'River'], warnings: [] })
  t.strictSame(read({ environment: { setting: [] } }), { texts: [], warnings: [] })
})

test('missing and null sources give nothing and no warning', async (t) => {
  for (const root of [undefined, null, {}, { environment: null }, { environment: {} }, { environment: { setting: null } }]) {
    t.strictSame(read(root), { texts: [], warnings: [] }, JSON.stringify(root))
  }
})

test('a source of another type gives nothing and a warning at the source', async (t) => {
  const pointer = '/image_analysis/environment/setting'
  t.strictSame(read({ environment: { setting: 3 } }).warnings,
    [warning(pointer, 'expected a string or an array of strings, got number')])
  t.strictSame(read({ environment: { setting: true } }).warnings,
    [warning(pointer, 'expected a string or an array of strings, got boolean')])
  t.strictSame(read({ environment: { setting: { a: 'b' } } }),
    { texts: [], warnings: [warning(pointer, 'expected a string or an array of strings, got object')] })
})

test('an array holding a non-string voids the source, pointing at the first bad element', async (t) => {
  t.strictSame(read({ environment: { setting: ['Jungle', 2, null] } }), {
    texts: [],
    warnings: [warning('/image_analysis/environment/setting/1', 'expected a string, got number (array elements must all be strings)')]
  })
  t.strictSame(read({ environment: { setting: [['Jungle']] } }).warnings,
    [warning('/image_analysis/environment/setting/0', 'expected a string, got array (array elements must all be strings)')])
})

test('a step that is not an object warns at that step', async (t) => {
  t.strictSame(read({ environment: 'Outdoor' }),
    { texts: [], warnings: [warning('/image_analysis/environment', 'expected an object, got string')] })
  t.strictSame(read({ environment: ['a'] }).warnings, [warning('/image_analysis/environment', 'expected an object, got array')])
  t.strictSame(read(42).warnings, [warning('/image_analysis', 'expected an object, got number')])
  t.strictSame(read([{ environment: { setting: 'x' } }]).warnings, [warning('/image_analysis', 'expected an object, got array')])
})

test('a warning is issued for every facet the source feeds', async (t) => {
  const warnings: NormalizeWarning[] = []
  readTexts({ lens: 5 }, sourcePath('lens'), ['lens', 'focal_mm'], warnings)
  t.strictSame(warnings.map(w => w.facet), ['lens', 'focal_mm'])
  t.strictSame(warnings.map(w => w.pointer), ['/image_analysis/lens', '/image_analysis/lens'])
})

test('keys with / and ~ are escaped in warnings', async (t) => {
  const { warnings } = read({ 'a/b': { '~c': 1 } }, sourcePath('a/b', '~c'))
  t.equal(warnings[0].pointer, '/image_analysis/a~1b/~0c')
})

test('element fields are read from every element', async (t) => {
  t.strictSame(readNames({ objects: [{ name: 'Canteen / Flask' }, { name: ['Shoe', 'Sock'] }, { other: 1 }, { name: null }] }),
    { texts: ['Canteen / Flask', 'Shoe', 'Sock'], warnings: [] })
  t.strictSame(readNames({ objects: [] }), { texts: [], warnings: [] })
  t.strictSame(readNames({}), { texts: [], warnings: [] })
  t.strictSame(readNames({ objects: null }), { texts: [], warnings: [] })
})

test('a bad element is skipped with its own warning; the others still count', async (t) => {
  const { texts, warnings } = readNames({
    objects: ['Canteen', null, { name: 7 }, { name: 'Flask' }, { name: ['Reeds', false] }, { name: { a: 1 } }]
  })
  t.strictSame(texts, ['Flask'])
  t.strictSame(warnings, [
    { code: 'facet_source_type', facet: 'objects', pointer: '/image_analysis/objects/0', detail: 'expected an object, got string' },
    { code: 'facet_source_type', facet: 'objects', pointer: '/image_analysis/objects/1', detail: 'expected an object, got null' },
    { code: 'facet_source_type', facet: 'objects', pointer: '/image_analysis/objects/2/name', detail: 'expected a string or an array of strings, got number' },
    { code: 'facet_source_type', facet: 'objects', pointer: '/image_analysis/objects/4/name/1', detail: 'expected a string, got boolean (array elements must all be strings)' },
    { code: 'facet_source_type', facet: 'objects', pointer: '/image_analysis/objects/5/name', detail: 'expected a string or an array of strings, got object' }
  ])
})

test('an element list that is not an array warns at the list', async (t) => {
  for (const [objects, type] of [['Canteen', 'string'], [{ name: 'Canteen' }, 'object'], [3, 'number']] as const) {
    t.strictSame(readNames({ objects }), {
      texts: [],
      warnings: [{ code: 'facet_source_type', facet: 'objects', pointer: '/image_analysis/objects', detail: `expected an array of objects, got ${type}` }]
    })
  }
  t.equal(readNames('x').warnings[0].pointer, '/image_analysis', 'a root that is not an object warns at the root')
})

test('element field names are escaped in pointers', async (t) => {
  const warnings: NormalizeWarning[] = []
  readElementTexts({ list: [{ 'a/b': 1 }] }, sourcePath('list'), 'a/b', ['objects'], warnings)
  t.equal(warnings[0].pointer, '/image_analysis/list/0/a~1b')
})
