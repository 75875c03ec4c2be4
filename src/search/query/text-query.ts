import type { estypes } from '@elastic/elasticsearch'
import type { ParsedText } from './parse-text.ts'
import { withSynonyms } from '../vocabulary/expand-synonyms.ts'
import { prefixMatch, prefixText, prefixVariants, type PrefixWeights } from './prefix-query.ts'

type Query = estypes.QueryDslQueryContainer

/** Caption words weigh double: a caption is the one-line summary of the whole analysis. */
const TEXT_FIELDS = ['caption^2', 'analysis_text']

/**
 * Query words widened by the typo step: word → alternative spellings (see typo.ts). The last word typed (as you
 * type) may be listed with none: it is then widened to the starts of words one typo away only.
 */
export type Expansions = Record<string, string[]>

/**
 * Ranking, for one word: exact (BM25, stemmed) > as a prefix > as a prefix with a typo, and a correction below the
 * word it corrects. An exact word also starts with itself, so its documents get the prefix weight too: they
 * always lead the prefix-only ones by their BM25 score. The prefix weights are kept below a typical BM25 score of
 * one word so a stemmed exact match ("jungles" → jungle) stays above a prefix-only one.
 */
const PREFIX: PrefixWeights = { caption: 0.4, analysis_text: 0.2 }
const PREFIX_TYPO: PrefixWeights = { caption: 0.2, analysis_text: 0.1 }
const CORRECTION_BOOST = 0.5

/**
 * `cross_fields` with operator `and`: every word must occur, in the caption or in the analysis; a word in
 * the caption and another in the analysis still match (best_fields would demand both in one field).
 */
function words (text: string, boost?: number): Query {
  return { multi_match: { query: text, fields: TEXT_FIELDS, type: 'cross_fields', operator: 'and', ...(boost !== undefined ? { boost } : {}) } }
}

/**
 * The last word as you type: the word, or a start of a word, or one of its synonyms (whole words); widened by the
 * typo step, its corrections and the starts one typo away.
 */
export function lastWordClause (word: string, expansions?: Expansions, synonyms: readonly string[] = []): Query {
  const should = [words(word), ...prefixMatch(prefixText(word), PREFIX), ...synonyms.map(synonym => words(synonym, CORRECTION_BOOST))]
  const alternatives = expansions?.[word]
  if (alternatives !== undefined) {
    should.push(...alternatives.map(alternative => words(alternative, CORRECTION_BOOST)))
    should.push(...prefixMatch(prefixVariants(word), PREFIX_TYPO))
  }
  return should.length === 1 ? should[0]! : { bool: { should, minimum_should_match: 1 } }
}

function phrase (text: string): Query {
  return { multi_match: { query: text, fields: TEXT_FIELDS, type: 'phrase' } }
}

export interface TextClauses {
  must: Query[]
  must_not: Query[]
}

/**
 * The scoring part of a search. Only `multi_match` and `match_bool_prefix` are used: their text is analysed, never
 * parsed, so no user input can name a field or run a wildcard, regexp or fuzzy query; the prefixes are bounded
 * (prefix-query.ts).
 */
export function textClauses (text: ParsedText, typoExpansions?: Expansions): TextClauses {
  const expansions = withSynonyms(typoExpansions ?? {}, text.synonyms)
  const plain = text.terms.filter(term => expansions[term] === undefined)
  const must: Query[] = []
  if (plain.length > 0) must.push(words(plain.join(' ')))
  for (const term of text.terms) {
    const alternatives = expansions?.[term]
    if (alternatives !== undefined) must.push({ bool: { should: [words(term), ...alternatives.map(a => words(a, CORRECTION_BOOST))], minimum_should_match: 1 } })
  }
  if (text.prefix !== undefined) must.push(lastWordClause(text.prefix, typoExpansions, text.synonyms?.[text.prefix]))
  must.push(...text.phrases.map(phrase))
  const mustNot = [...text.excludedTerms.map(term => words(term)), ...text.excludedPhrases.map(phrase)]
  return { must, must_not: mustNot }
}
