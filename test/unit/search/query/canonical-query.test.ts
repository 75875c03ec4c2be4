import { test } from 'tap'
import { canonicalKey } from '../../../../src/search/cache/keys.ts'
import { canonicalQuery, queryHash } from '../../../../src/search/query/canonical-query.ts'
import { InvalidSearchParameterError } from '../../../../src/search/query/errors.ts'

test('defaults', async t => {
  t.same(canonicalQuery({}), {
    text: { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] },
    filters: {},
    sources: [],
    focal: {},
    sort: 'newest',
    size: 20,
    facets: ['lens', 'mood', 'setting'],
    facetSize: 10,
    fields: ['caption', 'facets', 'highlight']
  })
  t.equal(canonicalQuery({ q: 'jungle' }).sort, 'relevance', 'relevance when q asks for something')
  t.equal(canonicalQuery({ q: '-rain' }).sort, 'newest', 'exclusions alone give nothing to rank')
  t.equal(canonicalQuery({ q: 'jungle', sort: 'oldest' }).sort, 'oldest')
})

test('facet values are canonical: trimmed, lower-cased, collapsed, de-duplicated, sorted', async t => {
  const query = canonicalQuery({ filters: { setting: ['  Tropical   Forest ', 'jungle', 'JUNGLE', 'Jungle.'], mood: [' '] } })
  t.same(query.filters, { setting: ['jungle', 'tropical forest'] }, 'a facet whose values are all blank selects nothing')
})

test('filter values read like documents: the facet\'s own rule of FACETS.md', async t => {
  const query = canonicalQuery({
    filters: {
      lens: ['Telephoto lens (estimated 85mm-135mm)', '50mm prime'],
      camera_angle: ['Low angle'],
      depth_of_field: ['Shallow, background blurred (bokeh).'],
      setting: ['Jungle / Riverbank', 'jungle'],
      mood: ['slightly vulnerable but composed'],
      negative: ['cartoon; 3D render, before/after'],
      light_color: ['Warm White / Golden']
    }
  })
  t.same(query.filters, {
    camera_angle: ['low-angle'],
    depth_of_field: ['shallow'],
    lens: ['standard', 'telephoto'],
    light_color: ['golden', 'warm white'],
    mood: ['composed', 'vulnerable'],
    negative: ['3d render', 'before/after', 'cartoon'],
    setting: ['jungle', 'riverbank']
  })
  t.same(canonicalQuery({ filters: { lens: ['telephoto'] } }), canonicalQuery({ filters: { lens: ['Telephoto lens (estimated 85mm-135mm)'] } }), 'the document\'s wording is the canonical value')
  t.same(canonicalQuery({ filters: { camera_angle: ['low-angle'] } }).filters, canonicalQuery({ filters: { camera_angle: ['Low angle'] } }).filters)
  const closed = {
    lens: ['fisheye', 'ultra-wide', 'wide', 'standard', 'telephoto', 'super-telephoto', 'macro', 'tilt-shift'],
    depth_of_field: ['shallow', 'medium', 'deep'],
    camera_angle: ['eye-level', 'low-angle', 'high-angle', 'overhead', 'worms-eye', 'dutch-angle']
  }
  for (const [facet, values] of Object.entries(closed)) {
    for (const value of values) t.same(canonicalQuery({ filters: { [facet]: [value] } }).filters, { [facet]: [value] }, `${facet}=${value} is itself`)
  }
})

test('the facets list: comma-separated or repeated, de-duplicated, sorted', async t => {
  t.same(canonicalQuery({ facets: ['mood,setting', 'focal_mm', ' lens ', 'mood', ''] }).facets, ['focal_mm', 'lens', 'mood', 'setting'])
  t.same(canonicalQuery({ facets: [''] }).facets, [], 'an empty list asks for no facets')
})

test('equal meaning gives an equal key; size does not change the cursor binding', async t => {
  // A trailing space: every word complete, so their order does not matter (the last word of a text without one is a prefix).
  const a = canonicalQuery({ q: 'river  jungle ', filters: { setting: ['B', 'a'], lens: ['wide'] }, facets: ['setting,lens'], size: 5 })
  const b = canonicalQuery({ q: 'Jungle river ', filters: { lens: ['Wide'], setting: ['a', 'b', 'a'] }, facets: ['lens', 'setting'], size: 5 })
  t.equal(canonicalKey(a), canonicalKey(b))
  t.equal(queryHash(a), queryHash({ ...b, size: 50 }))
  t.not(queryHash(a), queryHash({ ...b, sort: 'newest' }))
  t.not(queryHash(a), queryHash(canonicalQuery({ q: 'jungle river ', filters: { lens: ['wide'] } })))
  t.not(queryHash(canonicalQuery({ q: 'jungle river' })), queryHash(canonicalQuery({ q: 'river jungle' })), 'the last word typed is a prefix: order matters there')
  t.not(canonicalKey(a), canonicalKey({ ...a, size: 6 }), 'the cache key does include size')
  t.match(canonicalKey(a), /^\{"facetSize":10,"facets":\["lens","setting"\],"fields":\["caption","facets","highlight"\],"filters":\{"lens":\["wide"\],"setting":\["a","b"\]\},/, 'stable JSON with sorted keys')
  t.equal(queryHash(a), queryHash(canonicalQuery({ q: 'jungle river ', filters: { lens: ['wide'], setting: ['a', 'b'] }, facets: ['lens,setting'], fields: ['image_analysis'] })), 'fields may change between pages')
  t.not(canonicalKey(a), canonicalKey({ ...a, fields: ['caption'] }), 'the cache key includes fields')
  const sources = canonicalQuery({ source: ['color:golden,type:Sunlight', 'type:moonlight', 'type:sunlight,color:Golden'] })
  t.same(sources.sources, [{ color: ['golden'], type: ['sunlight'] }, { type: ['moonlight'] }], 'sources: read, repeats dropped, ordered')
  t.equal(queryHash(sources), queryHash(canonicalQuery({ source: ['type:moonlight', 'type:sunlight,color:golden'] })))
})

test('every invalid parameter is named', async t => {
  const cases: Array<[string, Parameters<typeof canonicalQuery>[0]]> = [
    ['q', { q: 'x'.repeat(1001) }],
    ['facets', { facets: ['setting,nope'] }],
    ['facets', { facets: ['tenant'] }],
    ['size', { size: -1 }],
    ['size', { size: 101 }],
    ['size', { size: 2.5 }],
    ['facet_size', { facet_size: 0 }],
    ['focal_mm', { focal_mm: -1 }],
    ['focal_mm', { focal_mm: Number.NaN }],
    ['lens', { filters: { lens: ['telefoto'] } }],
    ['source', { source: ['kind:sun'] }],
    ['fields', { fields: ['nope'] }],
    ['focal_min', { focal_min: 50, focal_max: 10 }],
    ['setting', { filters: { setting: Array.from({ length: 51 }, (_, i) => `v${i}`) } }],
    ['mood', { filters: { mood: ['x'.repeat(201)] } }],
    ['tenant', { filters: { tenant: ['other'] } as never }]
  ]
  for (const [parameter, params] of cases) {
    const error = thrown(() => canonicalQuery(params))
    t.ok(error instanceof InvalidSearchParameterError, `${parameter}: a parameter error`)
    t.match((error as InvalidSearchParameterError).issues[0]!.pointer, new RegExp(`^/${parameter}(/0)?$`))
    t.match((error as Error).message, parameter, `${parameter}: the detail names it`)
  }
  t.equal(canonicalQuery({ q: 'x'.repeat(1000) }).text.prefix?.length, 1000, '1,000 characters are fine')
  t.equal(canonicalQuery({ size: 0 }).size, 0, 'size 0: counts only')
  t.equal(canonicalQuery({ focal_mm: 4.5 }).focal.mm, 4.5, 'decimal lengths')
})

test('every problem is reported at once, one pointer each', async t => {
  const filters = { lens: ['wide', 'telefoto', 'zoomy'], setting: ['jungle'] }
  const error = thrown(() => canonicalQuery({
    q: 'x'.repeat(1001),
    size: 500,
    facets: ['nope'],
    fields: ['score'],
    source: ['type:sun', 'hue:red'],
    filters,
    focal_min: 50,
    focal_max: 10
  })) as InvalidSearchParameterError
  t.ok(error instanceof InvalidSearchParameterError)
  t.same(error.issues.map(issue => issue.pointer), ['/q', '/lens/1', '/lens/2', '/source/1', '/focal_min', '/size', '/facets', '/fields'])
  t.match(error.message, /^q is longer than 1000 characters \(and 7 more problems\)$/)
})

function thrown (fn: () => unknown): unknown {
  try { fn() } catch (error) { return error }
  return undefined
}
