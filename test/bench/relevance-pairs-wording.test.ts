import { test } from 'tap'
import { WORDING_PAIRS } from '../../bench/relevance-pairs-wording.ts'
import { canonicalQuery, searchParams } from '../../src/search/query/canonical-query.ts'
import type { SearchInput } from '../../src/schemas/search.ts'

// The relevance check measures the overlap of each pair's hits on the demo corpus; here, without Elasticsearch, that
// the document's wording and the canonical value are read to the very same query (so the overlap must be 1).
test('each document wording is read to the same query as its canonical value', async t => {
  t.ok(WORDING_PAIRS.length >= 20)
  const read = (params: Record<string, string | string[]>) => {
    const input = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]))
    return canonicalQuery(searchParams(input as Partial<SearchInput>))
  }
  for (const pair of WORDING_PAIRS) {
    const query = read(pair.query)
    t.same(query, read(pair.reference), JSON.stringify(pair.query))
    t.ok(Object.keys(query.filters).length + query.sources.length > 0, 'and it selects something')
  }
})
