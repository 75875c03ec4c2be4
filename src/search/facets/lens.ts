/**
 * Lens class and focal range from `technical_aspects.lens_type` (FACETS.md "Lens classes").
 * Input is canonical text (lower-case, whitespace collapsed).
 */
import type { CLOSED_VALUES } from '../../schemas/facets.ts'
import { SEARCH_LIMITS } from '../../schemas/search.ts'
import { wordPattern } from './text.ts'

/** Inclusive focal-length range in millimetres derived from the lens text. */
export interface FocalRange {
  gte: number
  lte: number
}

export type LensClass = typeof CLOSED_VALUES.lens[number]

// "wide aperture" and "wide open" describe the aperture (f/1.8), not the angle of view.
const NOT_APERTURE = '(?![- ](?:aperture|open))'

/**
 * Class words in FACETS.md order, which is also the precedence when a text names several:
 * special-purpose lenses first ("macro telephoto" is a macro), and every compound before the word
 * it contains ("super telephoto" is not telephoto, "ultra wide" not wide). Whole words only:
 * `tele` matches "tele" and "tele-zoom" but not "telescope" or "teleconverter".
 */
const CLASS_WORDS: ReadonlyArray<readonly [LensClass, RegExp]> = [
  ['fisheye', wordPattern('fish[- ]?eye')],
  ['macro', wordPattern('macro')],
  ['tilt-shift', wordPattern('tilt[- ]?shift')],
  ['super-telephoto', wordPattern('super[- ]?tele(?:photo)?')],
  ['telephoto', wordPattern('tele(?:photo)?')],
  ['ultra-wide', wordPattern(`ultra[- ]?wide${NOT_APERTURE}`)],
  ['wide', wordPattern(`wide${NOT_APERTURE}(?:[- ]?angle)?`)],
  ['standard', wordPattern('standard|normal')]
]

export function lensClassFromWords (text: string): LensClass | null {
  for (const [lensClass, pattern] of CLASS_WORDS) {
    if (pattern.test(text)) return lensClass
  }
  return null
}

/**
 * Class from the focal midpoint. FACETS.md gives integer buckets (24–35, 36–70, 71–300); each class here
 * runs from its lower bound up to the next one, so the half-way midpoints map too: 35.5 is wide,
 * 70.5 standard. 300 is telephoto and anything above it super-telephoto, as "> 300" says.
 */
export function lensClassFromFocal (range: FocalRange): LensClass {
  const mid = (range.gte + range.lte) / 2
  if (mid < 24) return 'ultra-wide'
  if (mid < 36) return 'wide'
  if (mid < 71) return 'standard'
  if (mid <= 300) return 'telephoto'
  return 'super-telephoto'
}

const NUMBER = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?'
/**
 * Every number followed by `mm`, and the number before it when a range joins them: "85-135mm", "85 to 135 mm",
 * "between 24 and 70mm" (`and` only after `between`: in "f/2 and 70mm" the 2 is no length).
 * A number never starts right after a digit, a dot or "digit," (a thousands group such as "1,200mm"):
 * that keeps the scan linear on long digit runs.
 */
const FOCAL = new RegExp(
  `(?<![\\d.]|\\d,)(?:between (${NUMBER}) ?(?:mm)? ?and ?|(${NUMBER}) ?(?:-|–|—|to) ?)?(${NUMBER}) ?mm(?!\\p{L})`,
  'gu'
)

/** A larger "length" is a typo or no length at all, and is ignored; the focal filters stop at the same bound. */
const MAX_FOCAL_MM = SEARCH_LIMITS.focalMm.max

function toMillimetres (digits: string | undefined): number {
  if (digits === undefined) return Number.NaN
  return Number(digits.includes(',') ? digits.replaceAll(',', '') : digits)
}

/** {gte: min, lte: max} over every focal length in the text, decimals as written ("4.5mm" → 4.5), or null. */
export function focalRange (text: string): FocalRange | null {
  let min = Infinity
  let max = -Infinity
  FOCAL.lastIndex = 0
  for (let m = FOCAL.exec(text); m !== null; m = FOCAL.exec(text)) {
    for (const value of [toMillimetres(m[1] ?? m[2]), toMillimetres(m[3])]) {
      if (!(value > 0) || value > MAX_FOCAL_MM) continue
      if (value < min) min = value
      if (value > max) max = value
    }
  }
  return min === Infinity ? null : { gte: min, lte: max }
}
