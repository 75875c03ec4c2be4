import { test } from 'tap'
import { FACETS } from '../../../src/schemas/facet-names.ts'
import { COUNTED, EMPTY_STATE, hasSelection, isSelected, parseState, searchQuery, stateParams, toggleValue, withFocal } from '../../../ui/src/lib/search-state.ts'

test('the address bar\'s query is the search state, under the API\'s parameter names', async t => {
  const state = parseState(new URLSearchParams('q=jungle&lens=telephoto&setting=beach&setting=jungle&setting=beach&focal_min=70&sort=oldest&mood=&junk=1'))
  t.same(state, { q: 'jungle', filters: { setting: ['beach', 'jungle'], lens: ['telephoto'] }, focalMin: '70', sort: 'oldest' }, 'repeats kept once, empty and unknown parameters dropped')
  t.equal(stateParams(state).toString(), 'q=jungle&setting=beach&setting=jungle&lens=telephoto&focal_min=70&sort=oldest', 'one fixed order: equal states give equal URLs')
  t.same(parseState(new URLSearchParams('sort=sideways&focal_max=%20')), EMPTY_STATE, 'an unknown sort and a blank bound are no state')
  t.same(parseState(stateParams(state)), state, 'parse and print are inverses')
})

test('the search query adds what the explorer counts; the cursor continues it', async t => {
  const query = searchQuery({ q: ' a b ', filters: { mood: ['calm'] }, focalMax: '35' }, 'CURSOR')
  t.equal(query.get('q'), 'a b', 'the text is trimmed')
  t.equal(query.get('facets'), COUNTED)
  t.same(COUNTED.split(','), [...FACETS, 'focal_mm'], 'every facet the API has, and the focal buckets')
  t.same([query.get('facet_size'), query.get('size'), query.get('cursor'), query.get('focal_max')], ['10', '20', 'CURSOR', '35'])
  t.notOk(searchQuery(EMPTY_STATE).has('cursor'))
})

test('ticking, unticking and ranges', async t => {
  const one = toggleValue(EMPTY_STATE, 'lens', 'wide')
  t.ok(isSelected(one, 'lens', 'wide'))
  t.notOk(isSelected(one, 'mood', 'wide'))
  const two = toggleValue(one, 'lens', 'macro')
  t.same(two.filters.lens, ['wide', 'macro'])
  t.same(toggleValue(toggleValue(two, 'lens', 'wide'), 'lens', 'macro').filters, {}, 'the last value unticked removes the facet')
  t.ok(hasSelection(one))
  t.notOk(hasSelection(EMPTY_STATE))
  const ranged = withFocal(EMPTY_STATE, '24', undefined)
  t.same(ranged, { q: '', filters: {}, focalMin: '24' })
  t.ok(hasSelection(ranged))
  t.same(withFocal(ranged, undefined, '70'), { q: '', filters: {}, focalMax: '70' }, 'a new range replaces the old one')
})
