import type { estypes } from '@elastic/elasticsearch'
import type { Expansions } from './text-query.ts'

const SUGGEST_FIELDS = ['analysis_text', 'caption'] as const
// Bounds that keep the sealed alternatives of a cursor small (cursor.ts, SEARCH_LIMITS.cursorLength).
export const ALTERNATIVES_PER_WORD = 3
export const MAX_WIDENED_WORDS = 8
/** Longer "words" (a pasted URL, a run of symbols) are not misspellings worth widening. */
export const MAX_WIDENED_WORD_LENGTH = 32

/**
 * Term suggesters over both text fields for the plain query words. `missing`: only words absent from the
 * field get corrections. `accuracy` 0.7 keeps one-edit corrections of words of 4+ letters and drops far
 * fetched ones ("woman" → "worn" scores 0.5). The suggester reads the whole shard, other tenants included:
 * its text never leaves the service, it only widens this tenant's filtered query.
 */
export function termSuggesters (terms: string[]): estypes.SearchSuggester {
  return {
    text: terms.join(' '),
    ...Object.fromEntries(SUGGEST_FIELDS.map(field => [`typo_${field}`, {
      term: { field, suggest_mode: 'missing', size: ALTERNATIVES_PER_WORD, accuracy: 0.7, sort: 'score' }
    }]))
  }
}

type Suggestions = Record<string, estypes.SearchSuggest[]> | undefined

/**
 * Maps the suggesters' corrections back to the query words they came from (by offset into the suggest
 * text) and gives each such word its alternatives: the word with the unknown token replaced by a correction,
 * so "eye-levle" widens to "eye-level". Words no suggester corrected stay as typed.
 */
export function expansionsFrom (terms: string[], suggest: Suggestions): Expansions {
  const starts: number[] = []
  let offset = 0
  for (const term of terms) { starts.push(offset); offset += term.length + 1 }
  const out: Expansions = {}
  for (const field of SUGGEST_FIELDS) {
    for (const entry of (suggest?.[`typo_${field}`] ?? []) as estypes.SearchTermSuggest[]) {
      const options = Array.isArray(entry.options) ? entry.options : [entry.options]
      const index = wordAt(starts, terms, entry.offset)
      if (index === -1) continue
      const term = terms[index]!
      if (term.length > MAX_WIDENED_WORD_LENGTH) continue
      const at = entry.offset - starts[index]!
      for (const option of options) {
        const alternative = term.slice(0, at) + option.text + term.slice(at + entry.length)
        const list = out[term] ?? []
        if (alternative !== term && !list.includes(alternative) && list.length < ALTERNATIVES_PER_WORD) {
          if (out[term] === undefined && Object.keys(out).length >= MAX_WIDENED_WORDS) continue
          out[term] = [...list, alternative]
        }
      }
    }
  }
  return out
}

function wordAt (starts: number[], terms: string[], offset: number): number {
  for (let i = 0; i < terms.length; i++) {
    if (offset >= starts[i]! && offset < starts[i]! + terms[i]!.length) return i
  }
  return -1
}
