import { test } from 'tap'
import { canonicalQuery } from '../../../../src/search/query/canonical-query.ts'
import { buildFacetValuesRequest, escapeRegExp } from '../../../../src/search/query/facet-values.ts'
import { facetCounts } from '../../../../src/search/query/shape-search-response.ts'

test('prefixes are matched literally: every regexp operator is escaped', async t => {
  t.equal(escapeRegExp('tropical f'), 'tropical\\ f')
  t.equal(escapeRegExp('.*'), '\\.\\*')
  t.equal(escapeRegExp('a(b)[c]{1,2}|d+e?'), 'a\\(b\\)\\[c\\]\\{1\\,2\\}\\|d\\+e\\?')
  t.equal(escapeRegExp('"#@&~<>\\'), '\\"\\#\\@\\&\\~\\<\\>\\\\')
  t.equal(escapeRegExp('déjà vu 😀'), 'déjà\\ vu\\ \\😀', 'letters of any script stay; a symbol is escaped whole')
  t.equal(escapeRegExp('d\\d'), 'd\\\\d', 'never a character class')
})

test('the facet values request leaves out the facet\'s own selection', async t => {
  const query = canonicalQuery({ q: 'jungle', filters: { setting: ['jungle'], lens: ['wide'] } })
  const body = buildFacetValuesRequest(query, 'idx', 'acme', { facet: 'setting', prefix: 'Tr.', size: 7 })
  t.match(body, { index: 'idx', routing: 'acme', size: 0 })
  t.same(body.aggs?.values, {
    filter: { bool: { filter: [{ terms: { 'facets.lens': ['wide'] } }] } },
    aggs: { values: { terms: { field: 'facets.setting', size: 7, shard_size: 7, order: [{ _count: 'desc' }, { _key: 'asc' }], include: 'tr\\..*' } } }
  })
  const none = buildFacetValuesRequest(canonicalQuery({}), 'idx', 'acme', { facet: 'mood', size: 3 })
  t.same(none.aggs?.values, { filter: { match_all: {} }, aggs: { values: { terms: { field: 'facets.mood', size: 3, shard_size: 3, order: [{ _count: 'desc' }, { _key: 'asc' }] } } } })
})

test('facet counts: count desc then value asc; selected values always listed', async t => {
  t.same(facetCounts([{ key: 'b', doc_count: 2 }, { key: 'a', doc_count: 2 }, { key: 'c', doc_count: 5 }, { key: 'a', doc_count: 2 }], ['z', 'a']), [
    { value: 'c', count: 5, selected: false },
    { value: 'a', count: 2, selected: true },
    { value: 'b', count: 2, selected: false },
    { value: 'z', count: 0, selected: true }
  ])
})
