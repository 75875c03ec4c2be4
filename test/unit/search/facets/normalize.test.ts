import { test } from 'tap'
import { FACETS } from '../../../../src/schemas/facets.ts'
import { normalizeAnalysis, NORMALIZER_VERSION } from '../../../../src/search/facets/normalize.ts'
import { SEED_FACETS, seedAnalysis } from '../../../helpers/seed.ts'

const seed = seedAnalysis()

const NONE = {
  setting: [],
  environment: [],
  lens: [],
  mood: [],
  depth_of_field: [],
  camera_angle: [],
  lighting: [],
  light_source: [],
  composition: [],
  objects: [],
  light_color: [],
  negative: []
}

const SEED_SOURCES = [{
  type: ['sunlight'],
  color: ['warm white', 'golden'],
  angle: 'from above and slightly behind the subject (backlighting/rim lighting)',
  intensity: 'high contrast'
}]

test('the seed example normalizes exactly', async (t) => {
  t.strictSame(normalizeAnalysis(seed.image_analysis), {
    facets: SEED_FACETS,
    unmapped: NONE,
    focal_mm: { gte: 85, lte: 135 },
    light_sources: SEED_SOURCES,
    warnings: [],
    normalizer_version: 3
  })
})

test('the normalizer version is recorded', async (t) => {
  t.equal(NORMALIZER_VERSION, 3)
  t.equal(normalizeAnalysis({}).normalizer_version, NORMALIZER_VERSION)
})

test('an empty analysis has every facet, all empty', async (t) => {
  t.strictSame(normalizeAnalysis({}), { facets: NONE, unmapped: NONE, focal_mm: null, light_sources: [], warnings: [], normalizer_version: 3 })
  t.strictSame(normalizeAnalysis(null), normalizeAnalysis({}), 'null is a missing analysis')
  t.strictSame(normalizeAnalysis(undefined), normalizeAnalysis({}))
})

function lens (lensType: unknown): ReturnType<typeof normalizeAnalysis> {
  return normalizeAnalysis({ technical_aspects: { lens_type: lensType } })
}

test('lens examples of FACETS.md', async (t) => {
  const tele = lens('Telephoto lens (estimated 85mm-135mm)')
  t.strictSame([tele.facets.lens, tele.focal_mm], [['telephoto'], { gte: 85, lte: 135 }])
  const prime = lens('50mm prime')
  t.strictSame([prime.facets.lens, prime.focal_mm], [['standard'], { gte: 50, lte: 50 }])
  const portrait = lens('85mm portrait lens')
  t.strictSame([portrait.facets.lens, portrait.focal_mm], [['telephoto'], { gte: 85, lte: 85 }])
  const long = lens('long lens, ~200mm')
  t.strictSame([long.facets.lens, long.focal_mm], [['telephoto'], { gte: 200, lte: 200 }])
  t.strictSame(lens('~26mm').facets.lens, ['wide'])
  t.strictSame(lens('14mm').facets.lens, ['ultra-wide'])
  t.strictSame(lens('600mm').facets.lens, ['super-telephoto'])
})

test('an explicit class word wins over the focal length', async (t) => {
  const result = lens('Wide-angle lens, 50mm')
  t.strictSame([result.facets.lens, result.focal_mm], [['wide'], { gte: 50, lte: 50 }])
  t.strictSame(lens('Macro 100mm').facets.lens, ['macro'])
})

test('a lens text with neither class word nor focal length is kept as unmapped', async (t) => {
  const result = lens('Prime lens.')
  t.strictSame(result.facets.lens, ['prime lens'])
  t.strictSame(result.unmapped.lens, ['prime lens'])
  t.equal(result.focal_mm, null)
  t.strictSame(lens('  .  ').facets.lens, [], 'nothing left after canonicalization: no value')
  t.strictSame(lens('  .  ').unmapped.lens, [])
})

test('an array source of a closed facet is read as one text', async (t) => {
  const result = lens(['Telephoto', '70-200mm'])
  t.strictSame([result.facets.lens, result.focal_mm], [['telephoto'], { gte: 70, lte: 200 }])
  t.strictSame(lens(['24mm', '70mm']).facets.lens, ['standard'], 'one class from the whole range')
  t.strictSame(lens(['Anamorphic', 'Vintage']).unmapped.lens, ['anamorphic, vintage'])
  t.strictSame(lens([]).facets.lens, [])
  const depth = normalizeAnalysis({ technical_aspects: { depth_of_field: ['Bokeh', 'deep background'] } })
  t.strictSame(depth.facets.depth_of_field, ['shallow'])
})

test('depth of field and camera angle: mapped, or kept as unmapped', async (t) => {
  const mapped = normalizeAnalysis({ technical_aspects: { depth_of_field: 'Deep.', camera_angle: 'Low angle, tilted' } })
  t.strictSame(mapped.facets.depth_of_field, ['deep'])
  t.strictSame(mapped.facets.camera_angle, ['low-angle', 'dutch-angle'])
  t.strictSame(mapped.unmapped, NONE)
  const unmapped = normalizeAnalysis({ technical_aspects: { depth_of_field: 'f/8 Everything Sharp.', camera_angle: 'Side profile' } })
  t.strictSame(unmapped.facets.depth_of_field, ['f/8 everything sharp'])
  t.strictSame(unmapped.unmapped.depth_of_field, ['f/8 everything sharp'])
  t.strictSame(unmapped.facets.camera_angle, ['side profile'])
  t.strictSame(unmapped.unmapped.camera_angle, ['side profile'])
})

test('split facets are never unmapped', async (t) => {
  const result = normalizeAnalysis({
    environment: { setting: 'Xeriscape / Brutalist Atrium', type: 'Liminal' },
    subject: { emotional_state: { mood: 'Sonder' } },
    lighting: { condition: 'Crepuscular', sources: [{ type: 'Bioluminescence' }] },
    technical_aspects: { composition: 'Golden spiral' },
    objects: [{ name: 'Astrolabe' }]
  })
  t.strictSame(result.facets.setting, ['xeriscape', 'brutalist atrium'])
  t.strictSame(result.facets.environment, ['liminal'])
  t.strictSame(result.facets.mood, ['sonder'])
  t.strictSame(result.facets.lighting, ['crepuscular'])
  t.strictSame(result.facets.light_source, ['bioluminescence'])
  t.strictSame(result.facets.composition, ['golden spiral'])
  t.strictSame(result.facets.objects, ['astrolabe'])
  t.strictSame(result.unmapped, NONE)
})

test('array sources of split facets: every element split', async (t) => {
  const result = normalizeAnalysis({
    environment: { setting: ['Jungle / River', 'jungle', 'Beach'] },
    subject: { emotional_state: { mood: ['calm and warm', 'Calm'] } }
  })
  t.strictSame(result.facets.setting, ['jungle', 'river', 'beach'])
  t.strictSame(result.facets.mood, ['calm', 'warm'])
})

test('values are deduplicated per facet across elements, in first-seen order', async (t) => {
  const result = normalizeAnalysis({
    objects: [{ name: 'Flask' }, { name: 'Canteen / flask' }, { name: 'FLASK.' }],
    lighting: { sources: [{ type: 'Sunlight' }, { type: ['sunlight', 'Reflector'] }] }
  })
  t.strictSame(result.facets.objects, ['flask', 'canteen'])
  t.strictSame(result.facets.light_source, ['sunlight', 'reflector'])
})

test('a wrong type yields no value for that facet and a warning with a pointer', async (t) => {
  const result = normalizeAnalysis({
    environment: { setting: 42, type: 'Outdoor' },
    technical_aspects: { lens_type: { mm: 50 }, depth_of_field: ['Shallow', 1], camera_angle: true, composition: 'Centered' },
    subject: { emotional_state: 'calm' },
    lighting: { condition: 'Soft', sources: [{ type: 'Sun' }, 'Lamp'] },
    objects: [{ name: ['Flask', { x: 1 }] }, { name: 'Reeds' }]
  })
  t.strictSame(result.facets, {
    ...NONE, environment: ['outdoor'], composition: ['centered'], lighting: ['soft'], light_source: ['sun'], objects: ['reeds']
  })
  t.equal(result.focal_mm, null)
  t.strictSame(result.warnings.map(w => [w.facet, w.pointer]), [
    ['setting', '/image_analysis/environment/setting'],
    ['lens', '/image_analysis/technical_aspects/lens_type'],
    ['focal_mm', '/image_analysis/technical_aspects/lens_type'],
    ['mood', '/image_analysis/subject/emotional_state'],
    ['depth_of_field', '/image_analysis/technical_aspects/depth_of_field/1'],
    ['camera_angle', '/image_analysis/technical_aspects/camera_angle'],
    ['light_source', '/image_analysis/lighting/sources/1'],
    ['light_color', '/image_analysis/lighting/sources/1'],
    ['objects', '/image_analysis/objects/0/name/1']
  ])
  t.ok(result.warnings.every(w => w.code === 'facet_source_type' && w.detail.length > 0))
  t.strictSame(result.warnings[0].detail, 'expected a string or an array of strings, got number')
})

test('an analysis that is not an object warns once per facet, at the root', async (t) => {
  for (const analysis of ['text', 42, true, ['a']]) {
    const result = normalizeAnalysis(analysis)
    t.strictSame(result.facets, NONE)
    t.strictSame(result.warnings.map(w => w.facet), [
      'setting', 'environment', 'lens', 'focal_mm', 'mood', 'depth_of_field', 'camera_angle', 'lighting',
      'light_source', 'light_color', 'composition', 'objects', 'negative'
    ])
    t.strictSame([...new Set(result.warnings.map(w => w.facet))].sort(), [...FACETS, 'focal_mm'].sort(), 'every facet warns')
    t.ok(result.warnings.every(w => w.pointer === '/image_analysis'))
  }
})

test('odd shapes never throw', async (t) => {
  const odd: unknown[] = [
    0, '', [], [[]], { technical_aspects: [] }, { objects: [[], null, 1, { name: [] }] },
    { lighting: { sources: { type: 'Sun' } } }, { subject: { emotional_state: { mood: [[['deep']]] } } },
    Object.create(null), { environment: new Date(0) }, { objects: new Array(3) }, { technical_aspects: { lens_type: '' } }
  ]
  for (const analysis of odd) {
    const result = normalizeAnalysis(analysis)
    t.strictSame(Object.keys(result.facets), [...FACETS])
  }
})

test('light sources keep each source\'s type and colour together', async (t) => {
  const result = normalizeAnalysis({
    lighting: {
      sources: [
        { type: 'Sunlight', color: 'Cool blue', angle: ['not', 'text'], intensity: 'Soft.' },
        { type: 'Neon sign / Flash', color: 'Golden' },
        { color: ['Amber', 'amber'] },
        { angle: 'From above' },
        { type: 7, color: 'Red' }
      ]
    }
  })
  t.strictSame(result.light_sources, [
    { type: ['sunlight'], color: ['cool blue'], intensity: 'soft' },
    { type: ['neon sign', 'flash'], color: ['golden'] },
    { type: [], color: ['amber'] },
    { type: [], color: ['red'] }
  ], 'a source naming neither type nor colour is left out; a bad type voids the type only')
  t.strictSame(result.facets.light_source, ['sunlight', 'neon sign', 'flash'])
  t.strictSame(result.facets.light_color, ['cool blue', 'golden', 'amber', 'red'])
  t.strictSame(result.warnings.map(w => [w.facet, w.pointer]), [['light_source', '/image_analysis/lighting/sources/4/type']])
})

test('the negative prompt splits on , and ; only', async (t) => {
  const text = normalizeAnalysis({ negative_prompt: 'Cartoon, 3D render; before/after shot, low quality (blurry, noisy), male.' })
  t.strictSame(text.facets.negative, ['cartoon', '3d render', 'before/after shot', 'low quality (blurry, noisy)', 'male'])
  const list = normalizeAnalysis({ negative_prompt: ['cartoon', 'Blurry; grainy', 'cartoon'] })
  t.strictSame(list.facets.negative, ['cartoon', 'blurry', 'grainy'])
  t.strictSame(list.unmapped.negative, [], 'split facets are never unmapped')
  const bad = normalizeAnalysis({ negative_prompt: { text: 'cartoon' } })
  t.strictSame([bad.facets.negative, bad.warnings.map(w => [w.facet, w.pointer])], [[], [['negative', '/image_analysis/negative_prompt']]])
})

test('a field of many distinct values stays linear', async (t) => {
  const setting = Array.from({ length: 50_000 }, (_, i) => `v${i}`).join('/') + '/v0'
  t.equal(normalizeAnalysis({ environment: { setting } }).facets.setting.length, 50_000)
})

test('the input is not modified', async (t) => {
  const copy = structuredClone(seed.image_analysis)
  normalizeAnalysis(copy)
  t.strictSame(copy, seed.image_analysis)
})
