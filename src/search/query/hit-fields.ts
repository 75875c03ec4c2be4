import { HIT_FIELDS, SEARCH_LIMITS } from '../../schemas/search.ts'
import { listedNames } from './list-parameter.ts'
import { issueAt, type SearchIssue } from './errors.ts'

/** What a hit may carry besides id and score (`fields=`). */
export type HitField = typeof HIT_FIELDS[number] | `image_analysis.${string}`

const DEFAULT_FIELDS: readonly HitField[] = ['caption', 'facets', 'highlight']

// A section is a top-level key of the analysis, named plainly: `*` or `.` would be source-filtering syntax.
const SECTION = /^image_analysis\.([A-Za-z0-9_-]{1,64})$/

function isHitField (name: string): name is HitField {
  return (HIT_FIELDS as readonly string[]).includes(name) || SECTION.test(name)
}

/**
 * `fields` (comma-separated or repeated) as a sorted list without repeats; sections are dropped when the whole
 * analysis is asked for. Absent: the default; empty: nothing but id and score.
 */
export function canonicalFields (entries: string[] | undefined, issues: SearchIssue[]): HitField[] {
  if (entries === undefined) return [...DEFAULT_FIELDS]
  const names = listedNames(entries)
  if (names.length > SEARCH_LIMITS.fields) {
    issues.push(issueAt('fields', `fields names more than ${SEARCH_LIMITS.fields} entries`))
    return [...DEFAULT_FIELDS]
  }
  const out = new Set<HitField>()
  for (const name of names) {
    if (isHitField(name)) out.add(name)
    else issues.push(issueAt('fields', `fields names '${name.slice(0, 64)}'; known are ${HIT_FIELDS.join(', ')} and image_analysis.<section> (letters, digits, _ and -)`))
  }
  const whole = out.has('image_analysis')
  return [...out].filter(name => !(whole && name.startsWith('image_analysis.'))).sort()
}

/** The `_source` paths a page needs for these fields (the id always). */
export function sourcePaths (fields: readonly HitField[]): string[] {
  const paths = ['id']
  for (const field of fields) {
    if (field === 'caption') paths.push('caption')
    else if (field === 'facets') paths.push('facets', 'focal_mm')
    else if (field !== 'highlight') paths.push(field)
  }
  return paths
}
