/** Short caption sentences built from the same choices as the analysis, so full-text search finds them. */
import type { Rng } from './random.ts'
import type { SceneFacts } from './types.ts'
import { capitalize } from './types.ts'

function a (phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`
}

/** Lower-cased words ready to drop into a sentence. */
interface Words {
  place: string
  mood: string
  lighting: string
  source: string
  lens: string
  object: string | undefined
}

type Template = (w: Words, person: string, verb: string) => string

const WITH_SUBJECT: readonly Template[] = [
  (w, person, verb) => `${capitalize(a(`${w.mood} ${person}`))} ${verb} in ${a(w.place)}.`,
  (w, person, verb) => `${capitalize(a(person))} ${verb} by ${a(w.place)}, ${w.lighting}.`,
  (w, person) => `Portrait of ${a(`${w.mood} ${person}`)} in ${a(w.place)}, shot with ${a(w.lens)}.`,
  (w, person, verb) => w.object === undefined
    ? `${capitalize(a(person))} ${verb} alone in ${a(w.place)}.`
    : `${capitalize(a(person))} with ${a(w.object)} ${verb} in ${a(w.place)}.`,
  (w, person, verb) => `${capitalize(w.lighting)} in ${a(w.place)}: ${a(person)} ${verb}, ${w.mood}.`,
  (w, person, verb) => `${capitalize(w.mood)} moment: ${a(person)} ${verb} near ${a(w.place)} under ${w.source}.`
]

const WITHOUT_SUBJECT: ReadonlyArray<(w: Words) => string> = [
  (w) => `An empty ${w.place} in ${w.lighting} light.`,
  (w) => w.object === undefined
    ? `A quiet ${w.place} lit by ${w.source}.`
    : `${capitalize(a(w.object))} in ${a(w.place)}, lit by ${w.source}.`,
  (w) => `${capitalize(w.mood)} view of ${a(w.place)}, ${w.lighting}.`
]

export function caption (rng: Rng, facts: SceneFacts): string {
  const [first = '', second] = facts.settings.map((s) => s.toLowerCase())
  const words: Words = {
    place: second === undefined ? first : `${first} and ${second}`,
    mood: facts.mood,
    lighting: facts.lighting.toLowerCase(),
    source: facts.lightSource.toLowerCase(),
    lens: facts.lens,
    object: facts.objects[0]
  }
  return facts.subject === null
    ? rng.pick(WITHOUT_SUBJECT)(words)
    : rng.pick(WITH_SUBJECT)(words, facts.subject.person, facts.subject.verb)
}
