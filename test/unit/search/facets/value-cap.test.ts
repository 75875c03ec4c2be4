import { test } from 'tap'
import { filterValues } from '../../../../src/search/facets/filter-values.ts'
import { normalizeAnalysis } from '../../../../src/search/facets/normalize.ts'
import { capValue, MAX_FACET_VALUE } from '../../../../src/search/facets/value-cap.ts'

test('capValue cuts at MAX_FACET_VALUE code units, never inside a surrogate pair, and trims the edge', async t => {
  t.equal(MAX_FACET_VALUE, 200)
  t.equal(capValue('short'), 'short')
  t.equal(capValue('é'.repeat(20_000)), 'é'.repeat(200))
  t.equal(capValue(`${'a'.repeat(199)}😀tail`), 'a'.repeat(199), 'the pair would straddle the cut: left out')
  t.equal(capValue(`${'a'.repeat(190)}         .bcdefghijkl`), 'a'.repeat(190), 'trailing spaces and punctuation trimmed')
  t.ok(Buffer.byteLength(capValue('😀'.repeat(10_000))) <= 600)
})

test('the normalizer cuts long values of every kind of facet with one warning each', async t => {
  const long = 'é'.repeat(20_000)
  const result = normalizeAnalysis({
    environment: { setting: `${long}, jungle` },
    technical_aspects: { lens_type: long },
    lighting: { sources: [{ type: long, color: 'warm' }] },
    objects: [{ name: long }]
  })
  t.same(result.facets.setting, ['é'.repeat(200), 'jungle'])
  t.same(result.facets.lens, ['é'.repeat(200)], 'an unmapped closed text is cut too')
  t.same(result.unmapped.lens, ['é'.repeat(200)])
  t.same(result.light_sources, [{ type: ['é'.repeat(200)], color: ['warm'] }], 'the indexed sources as well')
  t.same(result.facets.light_source, ['é'.repeat(200)])
  t.same(result.facets.objects, ['é'.repeat(200)])
  t.same(result.warnings.map(w => [w.code, w.facet, w.pointer]), [
    ['facet_value_too_long', 'light_source', '/image_analysis/lighting/sources'],
    ['facet_value_too_long', 'setting', '/image_analysis/environment/setting'],
    ['facet_value_too_long', 'lens', '/image_analysis/technical_aspects/lens_type'],
    ['facet_value_too_long', 'objects', '/image_analysis/objects']
  ])
  t.same(normalizeAnalysis({ environment: { setting: 'jungle' } }).warnings, [], 'short values: no warning')
})

test('a filter text is cut like a document value, so it selects what the same text stored', async t => {
  const text = `${'b'.repeat(250)} place`
  t.same(filterValues('setting', text), normalizeAnalysis({ environment: { setting: text } }).facets.setting)
})
