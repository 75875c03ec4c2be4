import fc from 'fast-check'
import { test } from 'tap'
import { FACETS } from '../../../../src/schemas/facets.ts'
import type { NormalizedAnalysis } from '../../../../src/search/facets/normalize.ts'
import { normalizeAnalysis } from '../../../../src/search/facets/normalize.ts'

// Words the rules react to, so random texts hit the interesting branches and not only the unmapped one.
const VOCABULARY = [
  'telephoto', 'super', 'tele', 'ultra', 'wide', 'angle', 'aperture', 'open', 'macro', 'fisheye', 'normal',
  '85mm', '24-70mm', '4.5 mm', 'to', '135 mm', 'between', '24', 'and 70mm', 'shallow', 'bokeh', 'deep', 'moderate', 'everything in focus',
  'eye-level', 'low angle', "bird's-eye", 'dutch', 'and', 'or', 'but', 'slightly', 'a bit', 'very', 'Jungle'
]
const SEPARATORS = [' ', ', ', ' / ', ';', '|', '. ', ' (', ')', '-', '  ', '\t', '…']

const text = fc.oneof(
  fc.string(),
  fc.array(fc.oneof(fc.constantFrom(...VOCABULARY), fc.constantFrom(...SEPARATORS), fc.string({ maxLength: 4 })), { maxLength: 12 })
    .map(parts => parts.join(''))
)
// Mostly well-typed sources, sometimes anything at all.
const source = fc.oneof({ weight: 4, arbitrary: text }, { weight: 2, arbitrary: fc.array(text, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.anything() })
const optional = { requiredKeys: [] as never[] }
const elements = (...fields: string[]): fc.Arbitrary<unknown> => fc.oneof(
  fc.array(fc.oneof(fc.record(Object.fromEntries(fields.map(field => [field, source])), optional), fc.anything()), { maxLength: 4 }),
  fc.anything()
)
const analysis = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      environment: fc.oneof(fc.record({ setting: source, type: source }, optional), fc.anything()),
      technical_aspects: fc.oneof(fc.record({ lens_type: source, depth_of_field: source, camera_angle: source, composition: source }, optional), fc.anything()),
      subject: fc.record({ emotional_state: fc.record({ mood: source }, optional) }, optional),
      lighting: fc.record({ condition: source, sources: elements('type', 'color', 'angle', 'intensity') }, optional),
      objects: elements('name'),
      negative_prompt: source
    }, optional)
  },
  { weight: 1, arbitrary: fc.anything() }
)

function checkInvariants (result: NormalizedAnalysis): void {
  for (const facet of FACETS) {
    const values = result.facets[facet]
    if (!Array.isArray(values) || !Array.isArray(result.unmapped[facet])) throw new Error(`${facet} missing`)
    if (new Set(values).size !== values.length) throw new Error(`${facet} has duplicates: ${values}`)
    for (const value of values) {
      if (value === '' || value !== value.trim() || value !== value.toLowerCase() || /\s{2}|[.,;:!?…]$/.test(value)) {
        throw new Error(`${facet} value not canonical: ${JSON.stringify(value)}`)
      }
    }
    for (const value of result.unmapped[facet]) {
      if (!values.includes(value)) throw new Error(`${facet} unmapped value not among the values: ${value}`)
    }
  }
  const focal = result.focal_mm
  if (focal !== null && !(focal.gte > 0 && focal.gte <= focal.lte && focal.lte <= 100_000)) {
    throw new Error(`bad focal range ${JSON.stringify(focal)}`)
  }
  // The facets of light sources are the union of the sources, and every source names a type or a colour.
  const types = new Set(result.light_sources.flatMap(source => source.type))
  const colors = new Set(result.light_sources.flatMap(source => source.color))
  if (types.size !== result.facets.light_source.length || !result.facets.light_source.every(v => types.has(v))) throw new Error('light_source is not the union of the sources')
  if (colors.size !== result.facets.light_color.length || !result.facets.light_color.every(v => colors.has(v))) throw new Error('light_color is not the union of the sources')
  if (result.light_sources.some(source => source.type.length + source.color.length === 0)) throw new Error('a source without type or colour')
  if (focal !== null && result.facets.lens.length !== 1) throw new Error('a focal range always gives one lens value')
  for (const warning of result.warnings) {
    if (warning.code !== 'facet_source_type' || !warning.pointer.startsWith('/image_analysis')) {
      throw new Error(`bad warning ${JSON.stringify(warning)}`)
    }
  }
}

test('normalizeAnalysis never throws and always returns every facet, canonical and deduplicated', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(analysis, (input) => checkInvariants(normalizeAnalysis(input))), { numRuns: 3000 }))
})

test('warnings appear exactly when a present source has the wrong type', async (t) => {
  const wellTyped = fc.record({
    environment: fc.record({ setting: fc.oneof(text, fc.array(text)) }, optional),
    objects: fc.array(fc.record({ name: text }, optional))
  }, optional)
  t.doesNotThrow(() => fc.assert(fc.property(wellTyped, (input) => normalizeAnalysis(input).warnings.length === 0)))
  const badScalar = fc.oneof(fc.integer(), fc.boolean(), fc.object())
  t.doesNotThrow(() => fc.assert(fc.property(badScalar, (bad) => {
    const { warnings, facets } = normalizeAnalysis({ environment: { setting: bad } })
    return facets.setting.length === 0 && warnings.length === 1 && warnings[0].pointer === '/image_analysis/environment/setting'
  })))
})
