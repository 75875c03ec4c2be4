/**
 * Mood values from `subject.emotional_state.mood` (FACETS.md `mood` row).
 */
import { addValue, canonicalize, splitOutsideBrackets, trimEdges, WORD_CHAR } from './text.ts'

// Hyphenated compounds stay whole: "rock-and-roll" is not split, "highly-strung" keeps its "highly".
const NOT_IN_WORD_BEFORE = `(?<!${WORD_CHAR}|-)`
const NOT_IN_WORD_AFTER = `(?!${WORD_CHAR}|-)`

/** FACETS.md lists `, ; /` for mood; `|` is split too, as for every other list-like facet. */
const MOOD_SEPARATOR = new RegExp(`[/,;|]|${NOT_IN_WORD_BEFORE}(?:and|but|yet|or)${NOT_IN_WORD_AFTER}`, 'gu')

/**
 * Hedge words with the space after them. "a little bit" is listed before "a little" so that
 * "a little bit anxious" leaves "anxious", not "bit anxious".
 */
const HEDGE = new RegExp(
  `${NOT_IN_WORD_BEFORE}(?:slightly|somewhat|very|quite|rather|mildly|moderately|highly|extremely|fairly|a little bit|a bit|a little)${NOT_IN_WORD_AFTER} ?`,
  'gu'
)

/** "Wild, naturalistic, slightly vulnerable but composed." → wild, naturalistic, vulnerable, composed */
export function addMoodValues (values: string[], text: string): void {
  for (const part of splitOutsideBrackets(canonicalize(text), MOOD_SEPARATOR)) {
    addValue(values, trimEdges(part.replace(HEDGE, '')))
  }
}
