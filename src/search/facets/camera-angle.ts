/**
 * Camera angles from `technical_aspects.camera_angle` (FACETS.md `camera_angle` row).
 * Input is canonical text.
 */
import { CLOSED_VALUES } from '../../schemas/facets.ts'
import { wordPattern } from './text.ts'

const ANGLES = CLOSED_VALUES.camera_angle
export type CameraAngle = typeof ANGLES[number]

const APOSTROPHE_S = "(?:['’]?s)?"

/** Group i + 1 names ANGLES[i]; separators may be a hyphen, a space or nothing ("eye level", "Low-angle"). */
const ANGLE_WORDS = wordPattern(
  '(eye[- ]?level)' +
  '|(low[- ]?angle)' +
  '|(high[- ]?angle)' +
  `|(overhead|bird${APOSTROPHE_S}[- ]?eye|top[- ]?down|aerial)` +
  `|(worm${APOSTROPHE_S}[- ]?eye)` +
  '|(dutch|tilted|canted)',
  'g'
)

/** Every angle the text names, in the order named; "Eye-level …, slightly side-profile" → eye-level. */
export function cameraAngles (text: string): CameraAngle[] {
  const angles: CameraAngle[] = []
  ANGLE_WORDS.lastIndex = 0
  for (let m = ANGLE_WORDS.exec(text); m !== null; m = ANGLE_WORDS.exec(text)) {
    let group = 1
    while (m[group] === undefined) group++
    const angle = ANGLES[group - 1]
    if (!angles.includes(angle)) angles.push(angle)
  }
  return angles
}
