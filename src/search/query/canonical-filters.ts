import { CLOSED_VALUES, FACETS, isFacetName, type FacetName } from '../../schemas/facets.ts'
import { SEARCH_LIMITS } from '../../schemas/search.ts'
import { canonicalJson } from '../canonical-json.ts'
import { closestValues } from '../edit-distance.ts'
import { filterValues, type ClosedFacet } from '../facets/filter-values.ts'
import { issueAt, type SearchIssue } from './errors.ts'
import { parseSource, type SourceSelection } from './source-selection.ts'

/**
 * Facet selections read like documents (filter-values.ts): per facet the canonical values, unique and sorted, only
 * facets that select something, in name order. Every problem is added to `issues` (one per offending value).
 */
export function canonicalFilters (filters: Partial<Record<string, string[]>>, issues: SearchIssue[]): Partial<Record<FacetName, string[]>> {
  const out: Partial<Record<FacetName, string[]>> = {}
  for (const name of Object.keys(filters).sort()) {
    const values = filters[name]
    if (!isFacetName(name)) {
      issues.push(issueAt(name, `'${preview(name)}' is not a facet; facets are ${FACETS.join(', ')}`))
      continue
    }
    if (values === undefined) continue
    if (values.length > SEARCH_LIMITS.valuesPerFacet) {
      issues.push(issueAt(name, `${name} selects more than ${SEARCH_LIMITS.valuesPerFacet} values`))
      continue
    }
    const selected = new Set<string>()
    values.forEach((value, i) => {
      if (value.length > SEARCH_LIMITS.valueLength) return issues.push(issueAt(name, `a value of ${name} is longer than ${SEARCH_LIMITS.valueLength} characters`, i))
      const canonical = filterValues(name, value)
      if (canonical === null) return issues.push(issueAt(name, unknownClosedValue(name as ClosedFacet, value), i))
      for (const v of canonical) selected.add(v)
    })
    // Each value may name several ("a / b"): the bound applies to what is selected in the end.
    if (selected.size > SEARCH_LIMITS.valuesPerFacet) issues.push(issueAt(name, `${name} selects more than ${SEARCH_LIMITS.valuesPerFacet} values once split`))
    else if (selected.size > 0) out[name] = [...selected].sort()
  }
  return out
}

/** Why a closed vocabulary refuses a value: the allowed values, and the closest of them when one is close. */
function unknownClosedValue (facet: ClosedFacet, value: string): string {
  const allowed: readonly string[] = CLOSED_VALUES[facet]
  const text = preview(value).toLowerCase()
  const close = closestValues(text, allowed.map(v => ({ value: v, count: 0 })), 1)
  const hint = close.length > 0 ? ` (did you mean ${close[0]}?)` : ''
  return `'${preview(value)}' names no ${facet} value${hint}; ${facet} is one of ${allowed.join(', ')}`
}

/** The `source` selections: each parsed (source-selection.ts), repeats dropped, in a canonical order (they AND). */
export function canonicalSources (sources: string[] | undefined, issues: SearchIssue[]): SourceSelection[] {
  if (sources === undefined) return []
  if (sources.length > SEARCH_LIMITS.sources) {
    issues.push(issueAt('source', `more than ${SEARCH_LIMITS.sources} source parameters`))
    return []
  }
  const out = new Map<string, SourceSelection>()
  sources.forEach((text, i) => {
    if (text.length > SEARCH_LIMITS.sourceLength) return issues.push(issueAt('source', `a source is longer than ${SEARCH_LIMITS.sourceLength} characters`, i))
    const parsed = parseSource(text)
    if (typeof parsed === 'string') return issues.push(issueAt('source', `source '${preview(text)}': ${parsed}`, i))
    out.set(canonicalJson(parsed), parsed)
  })
  return [...out.keys()].sort().map(key => out.get(key)!)
}

function preview (text: string): string {
  return text.slice(0, 64)
}
