import { test } from 'tap'
import { canonicalQuery } from '../../../../src/search/query/canonical-query.ts'
import { buildValuesRequest, valueSearch } from '../../../../src/search/query/facet-values.ts'
import { facetCounts } from '../../../../src/search/query/shape-search-response.ts'

const order = [{ _count: 'desc' }, { _key: 'asc' }]
const target = { index: 'idx', tenant: 'acme' }

test('the facet values request leaves out the facet\'s own selection; one terms list per kind of match', async t => {
  const query = canonicalQuery({ q: 'jungle', filters: { setting: ['jungle'], lens: ['wide'] } })
  const body = buildValuesRequest(query, target, valueSearch({ facets: ['setting'], text: 'Tr.', size: 7 }))
  t.match(body, { index: 'idx', routing: 'acme', size: 0 })
  const terms = (include: string) => ({ terms: { field: 'facets.setting', size: 7, shard_size: 7, order, include } })
  t.same(body.aggs?.setting, {
    filter: { bool: { filter: [{ terms: { 'facets.lens': ['wide'] } }] } },
    aggs: {
      prefix: terms('tr\\..*'),
      word: terms('(.*[\\ \\-\\(\\[\\/\\"\\\'\\&\\+\\.\\,\\:\\_])tr\\..*')
    }
  }, 'a text of three characters: no typo pattern')
  const none = buildValuesRequest(canonicalQuery({}), target, valueSearch({ facets: ['mood'], size: 3 }))
  t.same(none.aggs?.mood, { filter: { match_all: {} }, aggs: { top: { terms: { field: 'facets.mood', size: 3, shard_size: 3, order } } } })
})

test('a value search: canonical text, facets listed or all, size defaulted', async t => {
  t.same(valueSearch({ text: '  Tropical   F', facets: ['setting,mood', 'setting'] }), { facets: ['mood', 'setting'], size: 10, text: 'tropical f' })
  t.equal(valueSearch({}).facets.length, 12, 'every facet by default')
  t.same(valueSearch({ text: '   ' }), { facets: valueSearch({}).facets, size: 10 }, 'blank is no text')
  t.throws(() => valueSearch({ facets: ['tenant'] }), /facets names an unknown facet 'tenant'/)
})

test('facet counts: count desc then value asc; selected values always listed', async t => {
  t.same(facetCounts([{ key: 'b', doc_count: 2 }, { key: 'a', doc_count: 2 }, { key: 'c', doc_count: 5 }, { key: 'a', doc_count: 2 }], ['z', 'a']), [
    { value: 'c', count: 5, selected: false },
    { value: 'a', count: 2, selected: true },
    { value: 'b', count: 2, selected: false },
    { value: 'z', count: 0, selected: true }
  ])
})
