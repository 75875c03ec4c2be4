import type { ParsedText } from '../query/parse-text.ts'

/** Query word → the other words of its synonym group (text-query.ts ORs them with it). */
export type SynonymExpansions = Record<string, string[]>

/**
 * Query-time synonyms: each word of the query that is a member of a group is widened to the
 * whole group. No synonym token filter is involved, so this runs the same on a cluster with analysis-common and on
 * the local node without it, and a change applies to the next query with no re-indexing. null: nothing to widen.
 */
export function synonymExpansions (text: ParsedText, groups: readonly string[][]): SynonymExpansions | null {
  if (groups.length === 0) return null
  // The last word as you type too: `q=woods` is a whole word until proven otherwise.
  const wanted = new Set(text.prefix === undefined ? text.terms : [...text.terms, text.prefix])
  const out: SynonymExpansions = {}
  for (const group of groups) {
    for (const word of group) if (wanted.has(word)) out[word] = group.filter(other => other !== word)
  }
  return Object.keys(out).length > 0 ? out : null
}

/** The typo step's alternatives and the synonyms together, per word (each list without repeats). */
export function withSynonyms (expansions: Record<string, string[]>, synonyms: SynonymExpansions | undefined): Record<string, string[]> {
  if (synonyms === undefined) return expansions
  const out = { ...expansions }
  for (const [word, others] of Object.entries(synonyms)) out[word] = [...new Set([...(out[word] ?? []), ...others])]
  return out
}
