import type { estypes } from '@elastic/elasticsearch'
import type { ParsedText } from './parse-text.ts'
import { withSynonyms } from '../vocabulary/expand-synonyms.ts'

type Query = estypes.QueryDslQueryContainer

/** Caption words weigh double: a caption is the one-line summary of the whole analysis. */
const TEXT_FIELDS = ['caption^2', 'analysis_text']

/** Query words widened by the typo step: word → alternative spellings (see typo.ts). */
export type Expansions = Record<string, string[]>

/**
 * `cross_fields` with operator `and`: every word must occur, in the caption or in the analysis; a word in
 * the caption and another in the analysis still match (best_fields would demand both in one field).
 */
function words (text: string): Query {
  return { multi_match: { query: text, fields: TEXT_FIELDS, type: 'cross_fields', operator: 'and' } }
}

function phrase (text: string): Query {
  return { multi_match: { query: text, fields: TEXT_FIELDS, type: 'phrase' } }
}

export interface TextClauses {
  must: Query[]
  must_not: Query[]
}

/**
 * The scoring part of a search. Only `multi_match` is used: its text is analysed, never parsed, so no user
 * input can name a field or run a wildcard, regexp or fuzzy query.
 */
export function textClauses (text: ParsedText, typoExpansions: Expansions = {}): TextClauses {
  const expansions = withSynonyms(typoExpansions, text.synonyms)
  const plain = text.terms.filter(term => expansions[term] === undefined)
  const must: Query[] = []
  if (plain.length > 0) must.push(words(plain.join(' ')))
  for (const term of text.terms) {
    const alternatives = expansions[term]
    if (alternatives !== undefined) must.push({ bool: { should: [term, ...alternatives].map(words), minimum_should_match: 1 } })
  }
  must.push(...text.phrases.map(phrase))
  const mustNot = [...text.excludedTerms.map(words), ...text.excludedPhrases.map(phrase)]
  return { must, must_not: mustNot }
}
