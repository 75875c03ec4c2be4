/**
 * Which facet values a typed text matches, as Lucene regular expressions for a terms aggregation's `include` (the
 * values are the tenant's, counted under the search's selections; no query ever sees the text). Best first: the
 * value starts with the text; a word inside the value does ("forest" → "tropical forest"); the value starts with it
 * give or take one typo ("forset" → "forest", "tropical forset" → "tropical forest"). Every character of the text
 * is escaped (escapeRegExp), so it is matched literally whatever it holds; the operators are this module's own.
 */

/** In this order: the value starts with the text, a word inside does, the value does give or take one typo. */
export type MatchKind = 'prefix' | 'word' | 'typo'
export const MATCH_KINDS: readonly MatchKind[] = ['prefix', 'word', 'typo']

/** Typos are tolerated from this many characters on, as Meilisearch does: shorter texts match too much. */
const TYPO_MIN_LENGTH = 5
/**
 * And up to this many: beyond, a typed text is specific enough. Elasticsearch compiles each pattern into an automaton
 * per request and facet; these bounds keep the worst text (runs of spaces and hyphens) at tens of milliseconds.
 */
export const TYPO_MAX_LENGTH = 24
/** Words inside a value are matched for texts up to this long (nobody types 50 characters to find a word). */
const WORD_MAX_LENGTH = 50

// A word starts after one of these; a space and a hyphen are interchangeable ("eye level" finds "eye-level").
const WORD_START = '(.*[\\ \\-\\(\\[\\/\\"\\\'\\&\\+\\.\\,\\:\\_])'
const SPACE_OR_HYPHEN = '[\\ \\-]'

/** The typed text as values are stored: lower-case, whitespace collapsed, leading spaces dropped (a trailing one counts). */
export function valueText (text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trimStart()
}

/**
 * Escapes every character of `text` that Lucene's regular expression syntax could read as an operator, so the
 * prefix is matched literally. Letters and digits are left alone (a backslash before some of them, like \d or
 * \w, makes a character class); everything else gets a backslash, which Lucene reads as "this character".
 */
export function escapeRegExp (text: string): string {
  let out = ''
  for (const ch of text) out += /[\p{L}\p{N}]/u.test(ch) ? ch : `\\${ch}`
  return out
}

/** One literal character of the text; a space or hyphen stands for either. */
function literal (ch: string): string {
  return ch === ' ' || ch === '-' ? SPACE_OR_HYPHEN : escapeRegExp(ch)
}

function literals (chars: readonly string[]): string {
  return chars.map(literal).join('')
}

/**
 * The one-edit variants of `chars` as alternatives (substitution, insertion, deletion, transposition), the first
 * character kept: typos there are rare, and keeping it divides the matches by the alphabet.
 */
function oneEdit (chars: readonly string[]): string {
  const variants = new Set<string>()
  const head = literal(chars[0]!)
  const rest = chars.slice(1)
  for (let i = 0; i <= rest.length; i++) {
    const before = literals(rest.slice(0, i))
    if (i < rest.length) {
      variants.add(head + before + '.' + literals(rest.slice(i + 1)))
      variants.add(head + before + literals(rest.slice(i + 1)))
      if (i + 1 < rest.length) variants.add(head + before + literal(rest[i + 1]!) + literal(rest[i]!) + literals(rest.slice(i + 2)))
    }
    // Inserting after the last character is what the trailing `.*` already allows.
    if (i < rest.length) variants.add(head + before + '.' + literals(rest.slice(i)))
  }
  return `(${[...variants].join('|')})`
}

/** The values exactly one edit away from `text` (the first character kept), as a whole-value pattern. */
export function oneEditPattern (text: string): string {
  return oneEdit([...text])
}

/** The include pattern of each kind for `text` (already valueText); no typo pattern for a short or long text. */
export function matchPatterns (text: string): Partial<Record<MatchKind, string>> {
  const chars = [...text]
  if (chars.length === 0) return {}
  const exact = literals(chars)
  const patterns: Partial<Record<MatchKind, string>> = { prefix: `${exact}.*` }
  if (chars.length <= WORD_MAX_LENGTH) patterns.word = `${WORD_START}${exact}.*`
  // At the start of the value only: a typo inside (`.*` before the variants) costs Elasticsearch seconds to compile.
  if (chars.length >= TYPO_MIN_LENGTH && chars.length <= TYPO_MAX_LENGTH) patterns.typo = `${oneEdit(chars)}.*`
  return patterns
}
