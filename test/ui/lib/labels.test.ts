import { test } from 'tap'
import { FACETS } from '../../../src/schemas/facet-names.ts'
import { facetLabel, focalText, plural } from '../../../ui/src/lib/labels.ts'
import { can } from '../../../ui/src/lib/roles.ts'

test('labels, focal ranges and counts read as words', async t => {
  for (const facet of FACETS) t.match(facetLabel(facet), /^[A-Z][a-z ]+$/, `${facet} has a label`)
  t.equal(facetLabel('focal_mm'), 'Focal length')
  t.equal(facetLabel('new_facet'), 'new facet', 'a facet the page does not know yet still reads')
  t.equal(focalText(null), '')
  t.equal(focalText({ min: 50, max: 50 }), '50 mm')
  t.equal(focalText({ min: 85, max: 135 }), '85–135 mm')
  t.equal(plural(1, 'analysis', 'analyses'), '1 analysis')
  t.equal(plural(1200, 'analysis', 'analyses'), '1,200 analyses')
  t.equal(plural(2, 'line'), '2 lines')
})

test('roles rank as the API ranks them', async t => {
  const me = (roles: Array<'reader' | 'ingester' | 'admin'>) => ({ sub: 's', tenant: 't', roles })
  t.ok(can(me(['admin']), 'ingester'))
  t.ok(can(me(['ingester']), 'reader'))
  t.notOk(can(me(['ingester']), 'admin'))
  t.notOk(can(me([]), 'reader'))
})
