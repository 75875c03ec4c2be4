import fc from 'fast-check'
import { test } from 'tap'
import { canonicalJson } from '../../../src/search/canonical-json.ts'

/** The obvious definition, written for clarity: the implementation must give the same text. */
function reference (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

const values = fc.anything({
  values: [fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)],
  key: fc.string({ unit: 'binary', maxLength: 6 }),
  maxDepth: 4
})

test('sorted keys at every level, undefined dropped from objects and null in arrays', async t => {
  t.equal(canonicalJson({ b: 1, a: { d: [2, undefined, 1], c: 'x' }, e: undefined }), '{"a":{"c":"x","d":[2,null,1]},"b":1}')
  t.equal(canonicalJson({}), '{}')
  t.equal(canonicalJson([]), '[]')
  t.equal(canonicalJson(undefined), 'null')
  t.equal(canonicalJson({ '\u{1F600}': 1, '\uFFFF': 2 }), '{"\u{1F600}":1,"\uFFFF":2}', 'UTF-16 code unit order')
})

test('the same text as the reference definition, whatever the value', async t => {
  fc.assert(fc.property(values, value => canonicalJson(value) === reference(value)), { numRuns: 2000 })
  t.pass('2000 values')
})

test('key order never changes the text; the text is JSON of the same content', async t => {
  fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })), record => {
    const reversed = Object.fromEntries(Object.entries(record).reverse())
    const text = canonicalJson(record)
    return text === canonicalJson(reversed) && canonicalJson(JSON.parse(text)) === text
  }), { numRuns: 1000 })
  t.pass('1000 records')
})
