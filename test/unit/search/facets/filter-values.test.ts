import { test } from 'tap'
import { filterValues } from '../../../../src/search/facets/filter-values.ts'
import { normalizeAnalysis } from '../../../../src/search/facets/normalize.ts'
import { seedAnalysis } from '../../../helpers/seed.ts'

test('a filter value is read by its facet\'s rule, like a document\'s text', async t => {
  t.same(filterValues('lens', 'Telephoto lens (estimated 85mm-135mm)'), ['telephoto'])
  t.same(filterValues('lens', '85mm portrait lens'), ['telephoto'], 'the focal midpoint, as for a document')
  t.same(filterValues('camera_angle', 'Low angle'), ['low-angle'])
  t.same(filterValues('camera_angle', 'Low angle, tilted'), ['low-angle', 'dutch-angle'], 'a text naming two selects both')
  t.same(filterValues('depth_of_field', 'Shallow (bokeh)'), ['shallow'])
  t.same(filterValues('setting', 'Jungle / Riverbank'), ['jungle', 'riverbank'])
  t.same(filterValues('mood', 'Wild, slightly vulnerable but composed.'), ['wild', 'vulnerable', 'composed'])
  t.same(filterValues('negative', 'cartoon; before/after'), ['cartoon', 'before/after'], 'the negative prompt splits on , and ; only')
  t.same(filterValues('light_color', 'Warm White / Golden'), ['warm white', 'golden'])
  t.same(filterValues('objects', 'Canteen (Metal/Silver)'), ['canteen (metal/silver)'], 'brackets hold their separators')
})

test('closed vocabularies: null when the text names none of their values; blank text selects nothing', async t => {
  t.equal(filterValues('lens', 'telefoto'), null)
  t.equal(filterValues('lens', 'vintage glass'), null, 'an unmapped text of a document is no selectable value')
  t.equal(filterValues('depth_of_field', 'f/8'), null)
  t.equal(filterValues('camera_angle', 'side profile'), null)
  t.same(filterValues('lens', ' . '), [])
  t.same(filterValues('setting', ' / '), [])
})

test('the seed example\'s own wording selects its own values, facet by facet', async t => {
  const analysis = seedAnalysis().image_analysis as Record<string, Record<string, unknown>>
  const facets = normalizeAnalysis(analysis).facets
  const technical = analysis.technical_aspects!
  t.same(filterValues('lens', technical.lens_type as string), facets.lens)
  t.same(filterValues('camera_angle', technical.camera_angle as string), facets.camera_angle)
  t.same(filterValues('depth_of_field', technical.depth_of_field as string), facets.depth_of_field)
  t.same(filterValues('setting', analysis.environment!.setting as string), facets.setting)
  t.same(filterValues('negative', analysis.negative_prompt as unknown as string), facets.negative)
})
