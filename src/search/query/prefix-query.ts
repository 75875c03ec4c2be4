import type { estypes } from '@elastic/elasticsearch'
import { allowedEdits } from '../edit-distance.ts'
import { WORD_PREFIXES } from '../index/mappings.ts'

type Query = estypes.QueryDslQueryContainer

const MAX = WORD_PREFIXES.max_chars
/** What one token of the `standard` tokenizer can hold; any other character separates tokens (or is dropped). */
const TOKEN_RUN = /[\p{L}\p{N}\p{M}_.,:'’]+/gu
/** The letters a typo may have replaced, besides the word's own (so other scripts get variants from their own). */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'

/** Where a word matches as a prefix, and how much: constant scores, the caption counting double as for words. */
export type PrefixWeights = Record<'caption' | 'analysis_text', number>

/**
 * The last word as the text of a `match_bool_prefix`: the runs of characters a token can hold, each cut to
 * `max_chars`. Every token the analyser makes of it is then at most `max_chars` long, so its last token is always
 * answered from the indexed prefixes (one term lookup, never an expansion) and the query is never an "expensive"
 * prefix query: the same on a cluster with `search.allow_expensive_queries` true or false. A word cut short
 * matches the words sharing its first 10 characters. Empty when nothing of the word can be a token (`***`).
 */
export function prefixText (word: string): string {
  return (word.match(TOKEN_RUN) ?? []).map(cut).join(' ')
}

/**
 * The starts of words one typo away from `word` (the first character kept, as the term suggesters do): one
 * deletion, substitution, insertion or swap of neighbours. A substitution or deletion of the LAST character is the
 * word without it, which already starts every such word. Only for words of letters and digits that may have a
 * typo at all (allowedEdits: from 4 characters), cut to `max_chars` first; at most about 460 variants (10
 * characters), each one term lookup in the prefixes.
 */
export function prefixVariants (word: string): string[] {
  if (!/^[\p{L}\p{N}]+$/u.test(word)) return []
  const chars = Array.from(cut(word))
  const n = chars.length
  if (allowedEdits(n) === 0) return []
  const alphabet = [...new Set([...LETTERS, ...chars])]
  const out = new Set<string>()
  const add = (list: string[]) => out.add(cut(list.join('')))
  for (let i = 1; i < n; i++) add([...chars.slice(0, i), ...chars.slice(i + 1)])
  for (let i = 1; i < n - 1; i++) {
    for (const ch of alphabet) if (ch !== chars[i]) add([...chars.slice(0, i), ch, ...chars.slice(i + 1)])
    if (chars[i] !== chars[i + 1]) add([...chars.slice(0, i), chars[i + 1]!, chars[i]!, ...chars.slice(i + 2)])
  }
  for (let i = 1; i < n; i++) for (const ch of alphabet) add([...chars.slice(0, i), ch, ...chars.slice(i)])
  out.delete(cut(word))
  return [...out]
}

/**
 * Documents with a word starting with `texts` (one, or any of several), per text field, each field a constant
 * score: how many words start so does not matter, and rare prefixes do not outscore common ones (BM25 on prefixes
 * would). Run on the `words` sub-fields, whose `index_prefixes` answer it.
 */
export function prefixMatch (texts: string | string[], weights: PrefixWeights): Query[] {
  const list = typeof texts === 'string' ? [texts] : texts
  if (list.length === 0 || list.every(text => text === '')) return []
  return (Object.keys(weights) as Array<keyof PrefixWeights>).map(field => {
    const matches = list.map(text => ({ match_bool_prefix: { [`${field}.words`]: { query: text, operator: 'and' as const } } }))
    return { constant_score: { filter: matches.length === 1 ? matches[0]! : { bool: { should: matches } }, boost: weights[field] } }
  })
}

/** At most `max_chars` UTF-16 code units (as Java counts them), never splitting a surrogate pair. */
function cut (text: string): string {
  if (text.length <= MAX) return text
  const code = text.charCodeAt(MAX - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX - 1 : MAX)
}
