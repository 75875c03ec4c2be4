/**
 * What a user typed, split into parts. Only three operators exist: "quoted phrase", -word and -"phrase".
 * Everything else is literal text that is analysed like the documents: `tenant:x`, `OR`, a lone star, a slash-delimited
 * regexp or `((((` are words, never field names, operators, wildcards or regexps.
 */
export interface ParsedText {
  terms: string[]
  phrases: string[]
  excludedTerms: string[]
  excludedPhrases: string[]
  /** Words widened to their synonym group (the tenant's vocabulary, src/search/vocabulary/expand-synonyms.ts). */
  synonyms?: Record<string, string[]>
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch)

/**
 * Parses `text` in one linear pass. Parts are lower-cased (the index analyser lower-cases too) and
 * de-duplicated in order of appearance; an unterminated quote runs to the end of the text.
 */
export function parseText (text: string): ParsedText {
  const parsed: ParsedText = { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] }
  let i = 0
  const readUntil = (stop: (ch: string) => boolean): string => {
    const start = i
    while (i < text.length && !stop(text[i]!)) i++
    return text.slice(start, i)
  }
  while (i < text.length) {
    if (isSpace(text[i])) { i++; continue }
    const excluded = text[i] === '-' && i + 1 < text.length && !isSpace(text[i + 1])
    if (excluded) i++
    if (text[i] === '"') {
      i++
      const phrase = readUntil(ch => ch === '"')
      i++
      add(excluded ? parsed.excludedPhrases : parsed.phrases, phrase.replace(/\s+/g, ' ').trim())
    } else {
      const word = readUntil(ch => isSpace(ch))
      // A lone "-" is punctuation, not an exclusion of nothing.
      if (word !== '-') add(excluded ? parsed.excludedTerms : parsed.terms, word)
    }
  }
  return parsed
}

function add (list: string[], part: string): void {
  const value = part.toLowerCase()
  if (value !== '' && !list.includes(value)) list.push(value)
}

/** True when the text asks for something (a term or phrase), not only for exclusions. */
export function hasPositiveText (parsed: ParsedText): boolean {
  return parsed.terms.length > 0 || parsed.phrases.length > 0
}
