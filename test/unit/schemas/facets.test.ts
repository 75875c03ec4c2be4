import { test } from 'tap'
import { FACETS, isFacetName } from '../../../src/schemas/facets.ts'

test('isFacetName accepts exactly the facets', async (t) => {
  for (const facet of FACETS) t.ok(isFacetName(facet), facet)
  t.notOk(isFacetName('focal_mm'), 'a range, not a facet of values')
  t.notOk(isFacetName('Setting'))
  t.notOk(isFacetName('toString'))
})
