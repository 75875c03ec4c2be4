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
  /**
   * As you type: the last word when the text does not end in a space (nor in a phrase or an exclusion), which
   * may be unfinished. It is not in `terms`; it matches as a word or as the start of one (text-query.ts).
   */
  prefix?: string
  /** Words widened to their synonym group (the tenant's vocabulary, src/search/vocabulary/expand-synonyms.ts). */
  synonyms?: Record<string, string[]>
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch)

/**
 * Parses `text` in one linear pass. Parts are lower-cased (the index analyser lower-cases too) and
 * de-duplicated in order of appearance; an unterminated quote runs to the end of the text. With `asYouType`,
 * a last plain word not followed by a space becomes `prefix` (unless the same word came earlier: it is complete).
 */
export function parseText (text: string, options: { asYouType?: boolean } = {}): ParsedText {
  const parsed: ParsedText = { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] }
  let lastWord: string | undefined
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
    lastWord = undefined
    if (text[i] === '"') {
      i++
      const phrase = readUntil(ch => ch === '"')
      i++
      add(excluded ? parsed.excludedPhrases : parsed.phrases, phrase.replace(/\s+/g, ' ').trim())
    } else {
      const word = readUntil(ch => isSpace(ch))
      // A lone "-" is punctuation, not an exclusion of nothing.
      if (word !== '-' && add(excluded ? parsed.excludedTerms : parsed.terms, word) && !excluded) lastWord = word.toLowerCase()
    }
  }
  if (options.asYouType === true && lastWord !== undefined && !isSpace(text[text.length - 1])) {
    parsed.terms = parsed.terms.filter(term => term !== lastWord)
    parsed.prefix = lastWord
  }
  return parsed
}

/** Adds a part unless empty or already there; true when added. */
function add (list: string[], part: string): boolean {
  const value = part.toLowerCase()
  if (value === '' || list.includes(value)) return false
  list.push(value)
  return true
}

/** True when the text asks for something (a term or phrase), not only for exclusions. */
export function hasPositiveText (parsed: ParsedText): boolean {
  return parsed.terms.length > 0 || parsed.phrases.length > 0 || parsed.prefix !== undefined
}
