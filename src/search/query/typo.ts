import type { estypes } from '@elastic/elasticsearch'
import type { WidenedWord } from '../../schemas/search.ts'
import { allowedEdits, editDistance } from '../edit-distance.ts'
import type { ParsedText } from './parse-text.ts'
import { prefixVariants } from './prefix-query.ts'
import { lastWordClause, type Expansions } from './text-query.ts'

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

/** The words the typo step may widen: the plain words, then the last word typed (as you type). */
export function typoWords (text: ParsedText): string[] {
  return text.prefix === undefined ? text.terms : [...text.terms, text.prefix]
}

/** Counts the text's matches before any selection, sent with the first try: the typo step runs only when there are none. */
export const TEXT_MATCHES: Record<string, estypes.AggregationsAggregationContainer> = { text_matches: { filter: { match_all: {} } } }

/**
 * Only when the text matched nothing: does the last word typed match anything alone, in the tenant (as a word or a
 * start of one)? Asked apart, with `terminate_after: 1` (the first match answers), so that the common path — a text
 * that matches — pays nothing for it. Only an unknown last word is widened: a known one ("woman" in "jungel woman")
 * would otherwise gain the noise of its neighbours ("wom…" → wombat).
 */
export function lastWordProbe (text: ParsedText, scope: { index: string, tenant: string }): estypes.SearchRequest | undefined {
  if (text.prefix === undefined || prefixVariants(text.prefix).length === 0) return undefined
  const { index, tenant } = scope
  return { index, routing: tenant, size: 0, terminate_after: 1, track_total_hits: true, query: { bool: { filter: [{ term: { tenant } }, lastWordClause(text.prefix)] } } }
}

/**
 * The expansions of the typo step, from the first try's suggestions: the last word, when it matched nothing alone
 * (`lastWordMatches` false), is widened (listed, with its corrections or none, when a typo is allowed in it); when
 * it matched something, never.
 */
export function typoExpansions (text: ParsedText, suggest: Parameters<typeof expansionsFrom>[1], lastWordMatches: boolean): Expansions {
  const expansions = expansionsFrom(typoWords(text), suggest)
  const last = text.prefix
  if (last === undefined) return expansions
  if (lastWordMatches) delete expansions[last]
  else if (prefixVariants(last).length > 0) expansions[last] ??= []
  return expansions
}

/** What the answer says of a widened text: each word widened, and how. */
export function widenedWords (text: ParsedText, expansions: Expansions | undefined): WidenedWord[] {
  if (expansions === undefined) return []
  const out: WidenedWord[] = text.terms.filter(term => expansions[term] !== undefined).map(word => ({ word, matched_as: 'typo' }))
  const last = text.prefix
  if (last !== undefined && expansions[last] !== undefined) out.push({ word: last, matched_as: 'prefix+typo' })
  return out
}

/**
 * Maps the suggesters' corrections back to the query words they came from (by offset into the suggest
 * text) and gives each such word its alternatives: the word with the unknown token replaced by a correction,
 * so "eye-levle" widens to "eye-level". Words no suggester corrected stay as typed. A correction counts only
 * within the edits its token's length allows (allowedEdits: none under 4 characters, 1 up to 7, 2 from 8), the
 * rule of "did you mean" too, whatever the suggester's own scoring let through.
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
        if (editDistance(entry.text, option.text) > allowedEdits(entry.text.length)) continue
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
