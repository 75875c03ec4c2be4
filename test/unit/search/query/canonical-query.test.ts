import { test } from 'tap'
import { canonicalKey } from '../../../../src/search/cache/keys.ts'
import { canonicalQuery, queryHash } from '../../../../src/search/query/canonical-query.ts'
import { InvalidSearchParameterError } from '../../../../src/search/query/errors.ts'

test('defaults', async t => {
  t.same(canonicalQuery({}), {
    text: { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] },
    filters: {},
    focal: {},
    sort: 'newest',
    size: 20,
    facets: ['lens', 'mood', 'setting'],
    facetSize: 10
  })
  t.equal(canonicalQuery({ q: 'jungle' }).sort, 'relevance', 'relevance when q asks for something')
  t.equal(canonicalQuery({ q: '-rain' }).sort, 'newest', 'exclusions alone give nothing to rank')
  t.equal(canonicalQuery({ q: 'jungle', sort: 'oldest' }).sort, 'oldest')
})

test('facet values are canonical: trimmed, lower-cased, collapsed, de-duplicated, sorted', async t => {
  const query = canonicalQuery({ filters: { setting: ['  Tropical   Forest ', 'jungle', 'JUNGLE', 'Jungle.'], mood: [' '] } })
  t.same(query.filters, { setting: ['jungle', 'tropical forest'] }, 'a facet whose values are all blank selects nothing')
})

test('the facets list: comma-separated or repeated, de-duplicated, sorted', async t => {
  t.same(canonicalQuery({ facets: ['mood,setting', 'focal_mm', ' lens ', 'mood', ''] }).facets, ['focal_mm', 'lens', 'mood', 'setting'])
  t.same(canonicalQuery({ facets: [''] }).facets, [], 'an empty list asks for no facets')
})

test('equal meaning gives an equal key; size does not change the cursor binding', async t => {
  const a = canonicalQuery({ q: 'river  jungle', filters: { setting: ['B', 'a'], lens: ['wide'] }, facets: ['setting,lens'], size: 5 })
  const b = canonicalQuery({ q: 'Jungle river', filters: { lens: ['Wide'], setting: ['a', 'b', 'a'] }, facets: ['lens', 'setting'], size: 5 })
  t.equal(canonicalKey(a), canonicalKey(b))
  t.equal(queryHash(a), queryHash({ ...b, size: 50 }))
  t.not(queryHash(a), queryHash({ ...b, sort: 'newest' }))
  t.not(queryHash(a), queryHash(canonicalQuery({ q: 'jungle river', filters: { lens: ['wide'] } })))
  t.not(canonicalKey(a), canonicalKey({ ...a, size: 6 }), 'the cache key does include size')
  t.match(canonicalKey(a), /^\{"facetSize":10,"facets":\["lens","setting"\],"filters":\{"lens":\["wide"\],"setting":\["a","b"\]\},/, 'stable JSON with sorted keys')
})

test('every invalid parameter is named', async t => {
  const cases: Array<[string, Parameters<typeof canonicalQuery>[0]]> = [
    ['q', { q: 'x'.repeat(1001) }],
    ['facets', { facets: ['setting,nope'] }],
    ['facets', { facets: ['tenant'] }],
    ['size', { size: 0 }],
    ['size', { size: 101 }],
    ['size', { size: 2.5 }],
    ['facet_size', { facet_size: 0 }],
    ['focal_mm', { focal_mm: -1 }],
    ['focal_min', { focal_min: 50, focal_max: 10 }],
    ['setting', { filters: { setting: Array.from({ length: 51 }, (_, i) => `v${i}`) } }],
    ['mood', { filters: { mood: ['x'.repeat(201)] } }],
    ['tenant', { filters: { tenant: ['other'] } as never }]
  ]
  for (const [parameter, params] of cases) {
    const error = thrown(() => canonicalQuery(params))
    t.ok(error instanceof InvalidSearchParameterError, `${parameter}: a parameter error`)
    t.equal((error as InvalidSearchParameterError).parameter, parameter)
    t.match((error as Error).message, parameter, `${parameter}: the detail names it`)
  }
  t.equal(canonicalQuery({ q: 'x'.repeat(1000) }).text.terms.length, 1, '1,000 characters are fine')
})

function thrown (fn: () => unknown): unknown {
  try { fn() } catch (error) { return error }
  return undefined
}
