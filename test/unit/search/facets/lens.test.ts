import { test } from 'tap'
import { focalRange, lensClassFromFocal, lensClassFromWords } from '../../../../src/search/facets/lens.ts'
import { canonicalize } from '../../../../src/search/facets/text.ts'

const classOf = (text: string): string | null => lensClassFromWords(canonicalize(text))
const focalOf = (text: string): unknown => focalRange(canonicalize(text))

test('every class word of FACETS.md names its class', async (t) => {
  const cases: Array<[string, string]> = [
    ['Fisheye', 'fisheye'], ['fish-eye lens', 'fisheye'], ['fish eye', 'fisheye'],
    ['Macro lens', 'macro'],
    ['Tilt-shift', 'tilt-shift'], ['tilt shift lens', 'tilt-shift'],
    ['Super-telephoto', 'super-telephoto'], ['super telephoto lens', 'super-telephoto'], ['super tele', 'super-telephoto'],
    ['Telephoto lens', 'telephoto'], ['tele lens', 'telephoto'], ['Tele-zoom', 'telephoto'],
    ['Ultra-wide', 'ultra-wide'], ['ultra wide lens', 'ultra-wide'], ['Ultrawide', 'ultra-wide'], ['ultra wide-angle', 'ultra-wide'],
    ['Wide', 'wide'], ['wide-angle lens', 'wide'], ['Wide angle', 'wide'], ['wideangle', 'wide'], ['wide lens', 'wide'],
    ['Standard prime', 'standard'], ['normal lens', 'standard']
  ]
  for (const [text, lensClass] of cases) t.equal(classOf(text), lensClass, text)
})

test('compounds are not read as the word they contain', async (t) => {
  t.equal(classOf('Super telephoto (600mm)'), 'super-telephoto', 'not telephoto')
  t.equal(classOf('Ultra wide 14mm'), 'ultra-wide', 'not wide')
})

test('"tele" counts only as a word', async (t) => {
  t.equal(classOf('telescope adapter'), null)
  t.equal(classOf('teleconverter'), null)
  t.equal(classOf('hotel lobby lens'), null)
})

test('"wide" about the aperture is not a lens class', async (t) => {
  t.equal(classOf('50mm, wide aperture (f/1.8)'), null)
  t.equal(classOf('shot wide open'), null)
  t.equal(classOf('wide-aperture prime'), null)
  t.equal(classOf('ultra wide aperture'), null)
  t.equal(classOf('widescreen'), null)
  t.equal(classOf('wide, shot wide open'), 'wide', 'a real class word elsewhere still counts')
})

test('several class words: the earlier in FACETS.md order wins', async (t) => {
  t.equal(classOf('Telephoto macro'), 'macro')
  t.equal(classOf('wide-angle fisheye'), 'fisheye')
  t.equal(classOf('tilt-shift, wide'), 'tilt-shift')
  t.equal(classOf('wide to telephoto zoom'), 'telephoto')
  t.equal(classOf('standard or wide'), 'wide')
})

test('no class word gives null', async (t) => {
  t.equal(classOf('85mm portrait lens'), null)
  t.equal(classOf('Anamorphic'), null)
  t.equal(classOf(''), null)
})

test('class from the focal midpoint, every midpoint mapped', async (t) => {
  const cases: Array<[number, number, string]> = [
    [8, 15, 'ultra-wide'], [23, 23, 'ultra-wide'], [23, 24, 'ultra-wide'],
    [24, 24, 'wide'], [35, 35, 'wide'], [35, 36, 'wide'], [16, 55, 'wide'],
    [36, 36, 'standard'], [50, 50, 'standard'], [70, 70, 'standard'], [70, 71, 'standard'],
    [71, 71, 'telephoto'], [85, 135, 'telephoto'], [300, 300, 'telephoto'],
    [300, 301, 'super-telephoto'], [600, 600, 'super-telephoto'], [100, 600, 'super-telephoto']
  ]
  for (const [gte, lte, lensClass] of cases) t.equal(lensClassFromFocal({ gte, lte }), lensClass, `${gte}-${lte}`)
})

test('focal range from every number followed by mm (FACETS.md examples)', async (t) => {
  t.strictSame(focalOf('Telephoto lens (estimated 85mm-135mm)'), { gte: 85, lte: 135 })
  t.strictSame(focalOf('85-135mm'), { gte: 85, lte: 135 })
  t.strictSame(focalOf('85 to 135 mm'), { gte: 85, lte: 135 })
  t.strictSame(focalOf('~26mm'), { gte: 26, lte: 26 })
  t.strictSame(focalOf('50 mm'), { gte: 50, lte: 50 })
  t.strictSame(focalOf('50mm prime'), { gte: 50, lte: 50 })
  t.strictSame(focalOf('85mm portrait lens'), { gte: 85, lte: 85 })
  t.strictSame(focalOf('long lens, ~200mm'), { gte: 200, lte: 200 })
  t.strictSame(focalOf('between 24 and 70mm'), { gte: 24, lte: 70 })
  t.strictSame(focalOf('4.5mm'), { gte: 4.5, lte: 4.5 }, 'decimals are numbers')
})

test('focal range variants', async (t) => {
  t.strictSame(focalOf('24–70mm zoom'), { gte: 24, lte: 70 }, 'en dash')
  t.strictSame(focalOf('24 — 70 mm'), { gte: 24, lte: 70 }, 'em dash with spaces')
  t.strictSame(focalOf('from 24 to 70MM'), { gte: 24, lte: 70 })
  t.strictSame(focalOf('50mm or 85mm, maybe 35mm'), { gte: 35, lte: 85 }, 'min and max over every number')
  t.strictSame(focalOf('f/2.8, 70-200mm'), { gte: 70, lte: 200 }, 'an aperture is not a focal length')
  t.strictSame(focalOf('4.5mm fisheye'), { gte: 4.5, lte: 4.5 }, 'decimals as written')
  t.strictSame(focalOf('4.5-5.5mm'), { gte: 4.5, lte: 5.5 })
  t.strictSame(focalOf('Between 24mm and 70 mm'), { gte: 24, lte: 70 })
  t.strictSame(focalOf('between 4.5 and 6.7 mm'), { gte: 4.5, lte: 6.7 })
  t.strictSame(focalOf('f/2 and 70mm'), { gte: 70, lte: 70 }, '"and" joins a range only after "between": f/2 is no length')
  t.strictSame(focalOf('1,200mm mirror lens'), { gte: 1200, lte: 1200 }, 'thousands separator')
  t.strictSame(focalOf('150-600 mm.'), { gte: 150, lte: 600 })
})

test('no usable focal length gives null', async (t) => {
  t.equal(focalOf('85 to 135'), null, 'no mm')
  t.equal(focalOf('telephoto'), null)
  t.equal(focalOf('0mm'), null, 'not a length')
  t.equal(focalOf('99999999999mm'), null, 'longer than any lens (the focal filters stop at 100,000)')
  t.strictSame(focalOf('100000mm'), { gte: 100_000, lte: 100_000 })
  t.equal(focalOf('50mmx'), null, 'mm must end the unit')
  t.strictSame(focalOf('0-50mm'), { gte: 50, lte: 50 }, 'the bad number alone is ignored')
})

test('the focal scan stays fast on hostile input', async (t) => {
  // Quadratic backtracking would take minutes here; a linear scan takes milliseconds.
  t.equal(focalRange('1'.repeat(200_000)), null)
  t.equal(focalRange('1,234'.repeat(40_000)), null)
  t.equal(focalRange('1 '.repeat(100_000)), null)
})
