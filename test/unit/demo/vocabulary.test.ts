import { test } from 'tap'
import { CAMERA_ANGLES, COMPOSITIONS, DEPTHS_OF_FIELD, LENSES } from '../../../src/demo/vocab-camera.ts'
import { ENVIRONMENT_TYPES, SETTINGS } from '../../../src/demo/vocab-scene.ts'
import { LIGHT_SOURCES } from '../../../src/demo/vocab-light.ts'
import { MOODS } from '../../../src/demo/vocab-subject.ts'
import { OBJECTS } from '../../../src/demo/vocab-objects.ts'
import { normalizeAnalysis } from '../../../src/search/facets/normalize.ts'

function technical (field: string, text: string): ReturnType<typeof normalizeAnalysis> {
  return normalizeAnalysis({ technical_aspects: { [field]: text } })
}

// The annotations say what FACETS.md makes of each phrasing; the normalizer must agree with every one.
test('lens phrasings map to their annotated class and focal range', async (t) => {
  for (const lens of LENSES) {
    const n = technical('lens_type', lens.text)
    if (lens.lens === null) t.strictSame(n.unmapped.lens, [n.facets.lens[0]], `${lens.text} → unmapped`)
    else t.strictSame(n.facets.lens, [lens.lens], `${lens.text} → ${lens.lens}`)
    t.strictSame(n.focal_mm, lens.focal, `${lens.text} focal range`)
  }
})

test('depth-of-field phrasings map to their annotated value', async (t) => {
  for (const { text, dof } of DEPTHS_OF_FIELD) {
    const n = technical('depth_of_field', text)
    t.strictSame(n.unmapped.depth_of_field.length === 0 ? n.facets.depth_of_field : [null], [dof], text)
  }
})

test('camera-angle phrasings map to their annotated angles', async (t) => {
  for (const { text, angles } of CAMERA_ANGLES) {
    const n = technical('camera_angle', text)
    const mapped = n.unmapped.camera_angle.length === 0 ? n.facets.camera_angle : []
    t.strictSame([...mapped].sort(), [...angles].sort(), text)
  }
})

test('vocabularies are large enough and free of duplicates', async (t) => {
  const lists: Array<[string, readonly string[], number]> = [
    ['settings', SETTINGS.map((s) => s.name), 40],
    ['moods', MOODS, 30],
    ['lenses', LENSES.map((l) => l.text), 30],
    ['compositions', COMPOSITIONS, 10],
    ['objects', OBJECTS.map((o) => o.name), 30],
    ['outdoor light sources', LIGHT_SOURCES.outdoor, 8],
    ['indoor light sources', LIGHT_SOURCES.indoor, 8]
  ]
  for (const [name, list, min] of lists) {
    t.ok(list.length >= min, `${name}: ${list.length} ≥ ${min}`)
    t.equal(new Set(list.map((x) => x.toLowerCase())).size, list.length, `${name} has no duplicates`)
  }
  for (const s of SETTINGS) t.notMatch(s.name, /[/,;|]/, `setting "${s.name}" is one facet value`)
  for (const m of MOODS) t.notMatch(m, /\b(and|but|yet|or)\b|[,;/]/, `mood "${m}" is one facet value`)
  t.ok(Object.values(ENVIRONMENT_TYPES).every((types) => types.length > 0))
})
