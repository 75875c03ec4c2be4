/**
 * Technical vocabulary. Lens, depth-of-field and camera-angle phrasings carry the canonical values that
 * ../shared/FACETS.md assigns to them, so tests can check coverage and cross-check the normalizer.
 */

export type LensClass = 'fisheye' | 'ultra-wide' | 'wide' | 'standard' | 'telephoto' | 'super-telephoto' |
  'macro' | 'tilt-shift'

export const LENS_CLASSES: readonly LensClass[] = [
  'fisheye', 'ultra-wide', 'wide', 'standard', 'telephoto', 'super-telephoto', 'macro', 'tilt-shift'
]

export interface LensPhrase {
  text: string
  /** Canonical class per FACETS.md; null when no rule applies (kept as an unmapped value). */
  lens: LensClass | null
  focal: { gte: number, lte: number } | null
}

function lens (text: string, cls: LensClass | null, gte?: number, lte = gte): LensPhrase {
  return { text, lens: cls, focal: gte === undefined ? null : { gte, lte: lte as number } }
}

export const LENSES: readonly LensPhrase[] = [
  lens('Telephoto lens (estimated 85mm-135mm)', 'telephoto', 85, 135),
  lens('50mm prime', 'standard', 50),
  lens('85mm portrait lens', 'telephoto', 85),
  lens('Wide-angle 24mm', 'wide', 24),
  lens('24-70mm zoom', 'standard', 24, 70),
  lens('Standard lens', 'standard'),
  lens('~26mm (smartphone main camera)', 'wide', 26),
  lens('35mm prime', 'wide', 35),
  lens('long lens, ~200mm', 'telephoto', 200),
  lens('Normal lens (about 50 mm)', 'standard', 50),
  lens('Telephoto zoom 70-200mm', 'telephoto', 70, 200),
  lens('85 to 135 mm', 'telephoto', 85, 135),
  lens('Wide angle lens', 'wide'),
  lens('Macro lens 100 mm', 'macro', 100),
  lens('ultra wide 14mm', 'ultra-wide', 14),
  lens('Fisheye 8mm', 'fisheye', 8),
  lens('Probably a 40mm pancake', 'standard', 40),
  lens('super telephoto 600mm', 'super-telephoto', 600),
  lens('tilt-shift 45mm', 'tilt-shift', 45),
  lens('16-35mm zoom at the wide end', 'wide', 16, 35),
  lens('Ultra-wide (approx. 12-24mm)', 'ultra-wide', 12, 24),
  lens('Short telephoto, 105mm', 'telephoto', 105),
  lens('vintage glass', null),
  lens('Macro', 'macro'),
  lens('Tele lens, compressed perspective', 'telephoto'),
  lens('Ultrawide 10mm', 'ultra-wide', 10),
  lens('Circular fisheye', 'fisheye'),
  lens('Tilt shift lens (miniature effect)', 'tilt-shift'),
  lens('Super-telephoto 400mm-800mm', 'super-telephoto', 400, 800),
  lens('150-600mm zoom at full reach', 'super-telephoto', 150, 600),
  lens('58 mm with swirly bokeh', 'standard', 58),
  lens('Kit zoom 18-55mm', 'standard', 18, 55),
  lens('Anamorphic cine lens', null),
  lens('soft-focus portrait glass', null),
  lens('Unknown', null),
  lens('Phone ultra wide camera (~13mm)', 'ultra-wide', 13),
  lens('Medium telephoto 135mm', 'telephoto', 135),
  lens('Fisheye zoom 8-15 mm', 'fisheye', 8, 15),
  lens('300mm', 'telephoto', 300),
  lens('20mm', 'ultra-wide', 20)
]

export type DepthOfField = 'shallow' | 'medium' | 'deep'

export const DEPTHS_OF_FIELD: ReadonlyArray<{ text: string, dof: DepthOfField | null }> = [
  { text: 'Shallow, background and foreground are blurred (bokeh).', dof: 'shallow' },
  { text: 'Shallow depth of field', dof: 'shallow' },
  { text: 'Deep, everything in focus', dof: 'deep' },
  { text: 'Moderate depth of field', dof: 'medium' },
  { text: 'Creamy bokeh behind the subject', dof: 'shallow' },
  { text: 'Narrow focal plane on the eyes', dof: 'shallow' },
  { text: 'Medium, background slightly soft', dof: 'medium' },
  { text: 'Large depth of field, landscape sharp to the horizon', dof: 'deep' },
  { text: 'Thin slice of focus', dof: 'shallow' },
  { text: 'Deep focus', dof: 'deep' },
  { text: 'Everything in focus from foreground to background', dof: 'deep' },
  { text: 'Wide depth of field', dof: 'deep' },
  { text: 'Medium depth of field', dof: 'medium' },
  { text: 'Selective focus', dof: null }
]

export type CameraAngle = 'eye-level' | 'low-angle' | 'high-angle' | 'overhead' | 'worms-eye' | 'dutch-angle'

export const CAMERA_ANGLE_VALUES: readonly CameraAngle[] = [
  'eye-level', 'low-angle', 'high-angle', 'overhead', 'worms-eye', 'dutch-angle'
]

export const CAMERA_ANGLES: ReadonlyArray<{ text: string, angles: readonly CameraAngle[] }> = [
  { text: 'Eye-level', angles: ['eye-level'] },
  { text: 'Eye-level relative to the subject, slightly side-profile.', angles: ['eye-level'] },
  { text: 'Low angle, looking up', angles: ['low-angle'] },
  { text: 'High-angle shot', angles: ['high-angle'] },
  { text: 'Eye level, straight on', angles: ['eye-level'] },
  { text: 'Low angle, slightly tilted', angles: ['low-angle', 'dutch-angle'] },
  { text: "Bird's-eye view", angles: ['overhead'] },
  { text: 'Top-down flat lay', angles: ['overhead'] },
  { text: 'Aerial (drone)', angles: ['overhead'] },
  { text: "Worm's-eye view", angles: ['worms-eye'] },
  { text: 'Dutch angle', angles: ['dutch-angle'] },
  { text: 'Slight high angle, camera canted to the left', angles: ['high-angle', 'dutch-angle'] },
  { text: 'Tilted frame', angles: ['dutch-angle'] },
  { text: 'Overhead', angles: ['overhead'] },
  { text: 'Eye-level with a dutch tilt', angles: ['eye-level', 'dutch-angle'] },
  { text: "Worm's-eye, extreme low angle", angles: ['worms-eye', 'low-angle'] },
  { text: 'Over-the-shoulder', angles: [] }
]

export const COMPOSITIONS: readonly string[] = [
  'Rule of thirds', 'Centered', 'Leading lines', 'Symmetry', 'Negative space', 'Close-up', 'Frame within a frame',
  'Diagonal lines', 'Off-center', 'Full-body shot', 'Golden ratio', 'Layered foreground', 'Fill the frame',
  'Triangular arrangement', 'Reflection', 'Silhouette against the sky', 'Balanced asymmetry', 'Head room above',
  'Repetition and pattern', 'Three-quarter crop'
]

/** Trailing clauses analyzers append to a composition ("Rule of thirds, subject centered but looking back."). */
export const COMPOSITION_CLAUSES: readonly string[] = [
  'subject centered but looking back', 'horizon on the lower third', 'subject placed left of frame',
  'eyes on the upper third', 'path leading to the subject', 'ample space in the direction of gaze'
]
