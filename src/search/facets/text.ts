/**
 * Canonical text and splitting shared by every facet rule (FACETS.md "General rules").
 * All regexes are compiled once here: the normalizer runs per document in bulk ingestion.
 */

/**
 * The whitespace runs that collapsing changes: any run holding more than one character or anything but a space.
 * A lone space matches nothing, so the usual text comes back from `replace` as it is, without a copy.
 */
const WHITESPACE_TO_COLLAPSE = / \s+|[^\S ]\s*/g

/** Separators of the split facets: `/ , ; |`. */
export const LIST_SEPARATOR = /[/,;|]/g

/** Separators of the negative prompt (FACETS.md `negative` row). */
export const NEGATIVE_SEPARATOR = /[,;]/g

/** Letters, digits and `_`: what counts as "inside a word" for the word-based rules. */
export const WORD_CHAR = '[\\p{L}\\p{N}_]'

/**
 * Wraps a pattern so it only matches whole words. A hyphen is a word boundary here
 * ("tele-zoom" names `tele`), callers that must keep hyphenated compounds whole add `-` themselves.
 */
export function wordPattern (source: string, flags = ''): RegExp {
  return new RegExp(`(?<!${WORD_CHAR})(?:${source})(?!${WORD_CHAR})`, `u${flags}`)
}

// Only these are stripped from the end: a closing bracket or quote there belongs to the text ("shoe (detached)").
function isTrailingJunk (code: number): boolean {
  return code === 32 || // space (whitespace is already collapsed to it)
    code === 46 || code === 44 || code === 59 || code === 58 || // . , ; :
    code === 33 || code === 63 || code === 0x2026 || // ! ? …
    code === 45 || code === 0x2013 || code === 0x2014 // - – —
}

/**
 * Trims spaces and strips trailing punctuation of already lower-cased, collapsed text.
 * A loop, not `/[.,…]+$/`, because that regex is quadratic on long punctuation runs.
 */
export function trimEdges (text: string): string {
  let end = text.length
  while (end > 0 && isTrailingJunk(text.charCodeAt(end - 1))) end--
  let start = 0
  while (start < end && text.charCodeAt(start) === 32) start++
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

/** Lower-case, inner whitespace collapsed, trimmed, trailing punctuation removed. */
export function canonicalize (text: string): string {
  return trimEdges(text.toLowerCase().replace(WHITESPACE_TO_COLLAPSE, ' '))
}

const OPENERS = '(['
const CLOSERS = ')]'

/**
 * Same-length copy of `text` whose bracketed content is blanked out, so separators inside
 * "(metal/silver)" do not split; unbalanced brackets give `text` back and everything splits.
 */
function maskBrackets (text: string): string {
  let depth = 0
  let masked = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (OPENERS.includes(ch)) depth++
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1)
    else if (depth > 0) {
      masked += 'x'
      continue
    }
    masked += ch
  }
  return depth === 0 ? masked : text
}

/**
 * Splits on a global separator regex, outside brackets only: "subject centered (rule of thirds, low)"
 * is one value, not two halves with a dangling parenthesis each. Parts are not trimmed.
 */
export function splitOutsideBrackets (text: string, separator: RegExp): string[] {
  if (!text.includes('(') && !text.includes('[')) return text.split(separator)
  const scan = maskBrackets(text)
  const parts: string[] = []
  let last = 0
  separator.lastIndex = 0
  for (let m = separator.exec(scan); m !== null; m = separator.exec(scan)) {
    parts.push(text.slice(last, m.index))
    last = m.index + m[0].length
  }
  parts.push(text.slice(last))
  return parts
}

/** Appends a value unless empty; duplicates are removed once at the end by uniqueValues. */
export function addValue (values: string[], value: string): void {
  if (value !== '') values.push(value)
}

/** Up to this many values, comparing each with those before it is cheaper than building a Set. */
const SMALL_LIST = 8

/**
 * The values without duplicates, in first-seen order. One Set per list rather than `includes` per value:
 * a field of 50 000 distinct parts must not cost 10⁹ comparisons (short lists, the usual ones, are compared
 * directly: at most 28 comparisons).
 */
export function uniqueValues (values: string[]): string[] {
  if (values.length < 2) return values
  if (values.length <= SMALL_LIST && !hasDuplicate(values)) return values
  const unique = new Set(values)
  return unique.size === values.length ? values : [...unique]
}

function hasDuplicate (values: string[]): boolean {
  for (let i = 1; i < values.length; i++) {
    for (let j = 0; j < i; j++) if (values[i] === values[j]) return true
  }
  return false
}

/**
 * The split rule of `setting` ("split as setting"): canonical parts on `/ , ; |`. The negative prompt splits on
 * `, ;` only (a banned "before/after" is one value).
 */
export function addSplitValues (values: string[], text: string, separator = LIST_SEPARATOR): void {
  for (const part of splitOutsideBrackets(canonicalize(text), separator)) addValue(values, trimEdges(part))
}
