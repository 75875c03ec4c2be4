import { test } from 'tap'
import { cameraAngles } from '../../../../src/search/facets/camera-angle.ts'
import { canonicalize } from '../../../../src/search/facets/text.ts'

const anglesOf = (text: string): string[] => cameraAngles(canonicalize(text))

test('every angle and synonym of FACETS.md', async (t) => {
  const cases: Array<[string, string]> = [
    ['Eye-level', 'eye-level'], ['eye level', 'eye-level'], ['at EYE LEVEL', 'eye-level'],
    ['Low-angle', 'low-angle'], ['low angle', 'low-angle'], ['slightly low angle shot', 'low-angle'],
    ['High-angle', 'high-angle'], ['high angle', 'high-angle'],
    ['Overhead', 'overhead'], ["bird's-eye view", 'overhead'], ['birds eye', 'overhead'], ['bird’s eye', 'overhead'],
    ['birdseye', 'overhead'], ['top-down', 'overhead'], ['top down', 'overhead'], ['Aerial', 'overhead'],
    ["worm's-eye view", 'worms-eye'], ['worms eye', 'worms-eye'], ['worm’s-eye', 'worms-eye'],
    ['Dutch angle', 'dutch-angle'], ['dutch tilt', 'dutch-angle'], ['tilted frame', 'dutch-angle'], ['canted angle', 'dutch-angle']
  ]
  for (const [text, angle] of cases) t.strictSame(anglesOf(text), [angle], text)
})

test('the seed sentence is eye-level only', async (t) => {
  t.strictSame(anglesOf('Eye-level relative to the crouching subject, slightly side-profile.'), ['eye-level'])
})

test('every angle named, in the order named, once each', async (t) => {
  t.strictSame(anglesOf('High-angle, almost bird’s-eye, tilted'), ['high-angle', 'overhead', 'dutch-angle'])
  t.strictSame(anglesOf('low angle, then eye level, then low-angle again'), ['low-angle', 'eye-level'])
  t.strictSame(anglesOf('aerial top-down overhead'), ['overhead'])
})

test('no angle named gives nothing', async (t) => {
  t.strictSame(anglesOf('Side profile'), [])
  t.strictSame(anglesOf('eye contact, level horizon'), [])
  t.strictSame(anglesOf('lowangles'), [])
  t.strictSame(anglesOf(''), [])
})
