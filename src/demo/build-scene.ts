/** Builds the environment, technical_aspects and lighting sections of a generated analysis. */
import type { Rng } from './random.ts'
import type { SettingKind, SettingWord } from './vocab-scene.ts'
import { DETAILS, ENVIRONMENT_TYPES, SETTINGS } from './vocab-scene.ts'
import { CAMERA_ANGLES, COMPOSITION_CLAUSES, COMPOSITIONS, DEPTHS_OF_FIELD, LENSES } from './vocab-camera.ts'
import type { LightPlace } from './vocab-light.ts'
import {
  LIGHT_ANGLES, LIGHT_COLORS, LIGHT_EFFECTS, LIGHT_INTENSITIES, LIGHT_QUALITIES, LIGHT_SOURCES, LIGHTING_CLAUSES,
  LIGHTING_CONDITIONS
} from './vocab-light.ts'
import { capitalize } from './types.ts'

/** FACETS.md splits these fields on any of them; analyzers mix them freely. */
const SEPARATORS = [' / ', ' / ', ', ', '; ', ' | ', '/', ',']

// Per-kind lists keep the global order, so secondary settings are Zipf-skewed too.
const SETTINGS_BY_KIND = Object.fromEntries((Object.keys(ENVIRONMENT_TYPES) as SettingKind[])
  .map((kind) => [kind, SETTINGS.filter((s) => s.kind === kind)])) as Record<SettingKind, SettingWord[]>

/** Joins facet parts, usually with one separator, sometimes mixing them ("Beach / Harbor; Lighthouse"). */
function joinParts (rng: Rng, parts: readonly string[]): string {
  const sep = rng.pick(SEPARATORS)
  let out = ''
  parts.forEach((part, i) => { out += (i === 0 ? '' : rng.chance(0.85) ? sep : rng.pick(SEPARATORS)) + part })
  return out
}

function endSentence (rng: Rng, text: string): string {
  return rng.chance(0.5) ? text + '.' : text
}

export interface Section {
  section: Record<string, unknown>
}

const LIGHT_PLACE: Readonly<Record<SettingKind, LightPlace>> = {
  nature: 'outdoor', water: 'outdoor', urban: 'outdoor', interior: 'indoor', studio: 'indoor'
}

export function buildEnvironment (rng: Rng): Section & { settings: string[], place: LightPlace } {
  const primary = rng.zipfPick(SETTINGS)
  const count = rng.chance(0.6) ? 1 : rng.chance(0.75) ? 2 : 3
  const settings = [primary.name]
  for (const s of rng.sample(SETTINGS_BY_KIND[primary.kind], count, 1.1)) {
    if (settings.length < count && !settings.includes(s.name)) settings.push(s.name)
  }
  const type = rng.zipfPick(ENVIRONMENT_TYPES[primary.kind], 1.6)
  const details = rng.sample(DETAILS[primary.kind], rng.int(2, 4))
  return {
    section: { type, setting: joinParts(rng, settings), details: capitalize(details.join(', ')) + '.' },
    settings,
    place: LIGHT_PLACE[primary.kind]
  }
}

export function buildTechnical (rng: Rng): Section & { lens: string } {
  // Milder skew than settings: every lens class and angle must show up in a few thousand documents.
  const phrase = rng.zipfPick(LENSES, 0.7)
  const lens = phrase.text
  const compositions = rng.sample(COMPOSITIONS, rng.int(1, 3), 0.9)
  let composition = joinParts(rng, compositions)
  if (rng.chance(0.25)) composition += ', ' + rng.pick(COMPOSITION_CLAUSES)
  return {
    section: {
      camera_angle: rng.zipfPick(CAMERA_ANGLES, 0.8).text,
      lens_type: lens,
      depth_of_field: rng.zipfPick(DEPTHS_OF_FIELD, 0.8).text,
      composition: endSentence(rng, composition)
    },
    // Captions name the class ("a telephoto lens"): raw phrasings like "85 to 135 mm" read badly in a sentence.
    lens: phrase.lens === null ? 'unidentified lens' : `${phrase.lens} lens`
  }
}

export function buildLighting (rng: Rng, place: LightPlace): Section & { condition: string, source: string } {
  const conditions = [rng.zipfPick(LIGHTING_CONDITIONS[place], 1)]
  if (rng.chance(0.4)) conditions.push(rng.pick(LIGHT_QUALITIES))
  let condition = joinParts(rng, conditions)
  if (rng.chance(0.35)) condition += ', ' + rng.pick(LIGHTING_CLAUSES)
  const sources = rng.sample(LIGHT_SOURCES[place], rng.chance(0.6) ? 1 : rng.int(2, 3), 1).map((type) => {
    const source: Record<string, string> = {
      type,
      angle: rng.pick(LIGHT_ANGLES),
      color: rng.pick(LIGHT_COLORS),
      intensity: rng.pick(LIGHT_INTENSITIES)
    }
    if (rng.chance(0.6)) source.effect_on_objects = rng.pick(LIGHT_EFFECTS)
    return source
  })
  return {
    section: { condition: endSentence(rng, condition), sources },
    condition: conditions[0] as string,
    source: sources[0]?.type as string
  }
}
