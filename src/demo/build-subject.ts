/** Builds the subject, objects and negative_prompt sections of a generated analysis. */
import type { Rng } from './random.ts'
import type { Section } from './build-scene.ts'
import {
  ACCESSORIES, BODY_FACING, COLORS, EXPRESSIONS, FOOTWEAR, GAZE, HAIR_COLORS, HAIR_STYLES, HEDGES, LOWER_BODY,
  MATERIALS, MOOD_JOINERS, MOODS, PEOPLE, POSES, UPPER_BODY
} from './vocab-subject.ts'
import {
  NEGATIVE_TERMS, OBJECT_ADJECTIVES, OBJECT_PURPOSES, OBJECT_REMARKS, OBJECTS, POSITIONS
} from './vocab-objects.ts'
import { capitalize } from './types.ts'

/** "Wild, naturalistic, slightly vulnerable but composed." — hedges and joiners FACETS.md must strip. */
function moodText (rng: Rng, moods: readonly string[]): string {
  let out = ''
  moods.forEach((mood, i) => {
    if (i > 0) out += rng.pick(MOOD_JOINERS)
    if (rng.chance(0.2)) out += rng.pick(HEDGES) + ' '
    out += mood
  })
  if (rng.chance(0.5)) out = capitalize(out)
  return rng.chance(0.5) ? out + '.' : out
}

export function buildSubject (rng: Rng): Section & { person: string, verb: string, moods: string[] } {
  const person = rng.zipfPick(PEOPLE, 0.9)
  const pose = rng.pick(POSES)
  const moods = rng.sample(MOODS, rng.int(1, 3), 0.9)
  const upper: Record<string, string> = { item: rng.zipfPick(UPPER_BODY, 0.8), color: rng.pick(COLORS) }
  if (rng.chance(0.6)) upper.material = rng.pick(MATERIALS)
  const clothing: Record<string, unknown> = { upper_body: upper }
  if (rng.chance(0.85)) clothing.lower_body = { item: rng.zipfPick(LOWER_BODY, 0.8), color: rng.pick(COLORS) }
  clothing.footwear = rng.pick(FOOTWEAR)
  const section: Record<string, unknown> = {
    demographics: { gender: person.gender, age_group: rng.pick(person.ages) }
  }
  if (rng.chance(0.7)) section.orientation = { body_facing: rng.pick(BODY_FACING), gaze: rng.pick(GAZE) }
  section.emotional_state = { mood: moodText(rng, moods), expression: rng.pick(EXPRESSIONS) }
  section.pose = { general: pose.pose }
  if (rng.chance(0.6)) {
    section.head_and_face = { hair: { color: rng.pick(HAIR_COLORS), style: rng.pick(HAIR_STYLES) } }
  }
  section.clothing = clothing
  if (rng.chance(0.5)) section.accessories = { items: rng.sample(ACCESSORIES, rng.int(1, 3)) }
  return {
    section,
    person: person.noun,
    verb: pose.verb,
    moods
  }
}

export function buildObjects (rng: Rng): { list: Array<Record<string, string>>, nouns: string[] } {
  const picked = rng.sample(OBJECTS, rng.chance(0.03) ? 0 : rng.int(1, 5), 1)
  const list = picked.map((o) => {
    const description = `${rng.pick(OBJECT_ADJECTIVES)} ${rng.pick(COLORS).toLowerCase()} ${o.noun}, ` +
      `${rng.pick(OBJECT_REMARKS)}.`
    const object: Record<string, string> = { name: o.name, description }
    if (rng.chance(0.5)) object.purpose = rng.pick(OBJECT_PURPOSES)
    object.position = rng.pick(POSITIONS)
    return object
  })
  return { list, nouns: picked.map((o) => o.noun) }
}

export function buildNegativePrompt (rng: Rng): string {
  const terms = rng.sample(NEGATIVE_TERMS, rng.int(6, 14))
  return terms.join(', ') + (rng.chance(0.5) ? '.' : '')
}
