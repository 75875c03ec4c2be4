import { hash } from 'node:crypto'
import { canonicalJson } from '../canonical-json.ts'
import { FACETS, isFacetName, type FacetName } from '../../schemas/facets.ts'
import { SEARCH_LIMITS, type SearchInput, type SortOrder } from '../../schemas/search.ts'
import { canonicalFilters, canonicalSources } from './canonical-filters.ts'
import { InvalidSearchParameterError, issueAt, type SearchIssue } from './errors.ts'
import { canonicalFields, type HitField } from './hit-fields.ts'
import { listedNames } from './list-parameter.ts'
import { hasPositiveText, parseText, type ParsedText } from './parse-text.ts'
import type { SourceSelection } from './source-selection.ts'
import type { Rollout } from '../vocabulary/rollout-filter.ts'

/** What `facets=` may list: the keyword facets, plus `focal_mm` for the focal-length buckets. */
export type FacetRequest = FacetName | 'focal_mm'

const DEFAULT_FACETS: readonly FacetRequest[] = ['setting', 'lens', 'mood']

/**
 * The parameters of a search as the domain takes them: the API's fields (SearchInput), with the facet selections
 * gathered under `filters`, where any name may arrive (callers other than the routes are checked too). `facets`
 * and `fields` elements may themselves be comma-separated lists.
 */
export type SearchParams = Omit<Partial<SearchInput>, FacetName> & { filters?: Partial<Record<FacetName, string[]>> }

/** The domain's parameters from the API's fields (facet selections are the properties named after a facet). */
export function searchParams (input: Partial<SearchInput>): SearchParams {
  const filters: SearchParams['filters'] = {}
  for (const name of FACETS) if (input[name] !== undefined) filters[name] = input[name]
  const { q, source, focal_mm: mm, focal_min: min, focal_max: max, sort, size, cursor, facets, facet_size: fs, fields } = input
  // An absent parameter is undefined here, which canonicalQuery reads as "not given".
  return { filters, q, source, focal_mm: mm, focal_min: min, focal_max: max, sort, size, cursor, facets, facet_size: fs, fields }
}

export interface FocalFilter {
  /** Documents whose focal range contains this length. */
  mm?: number
  /** Documents whose focal range intersects [min, max] (either bound may be open). */
  min?: number
  max?: number
}

/**
 * One search, with every default applied and every list in a canonical order: two requests that mean the
 * same thing have equal canonical queries, hence equal cursor bindings and cache keys.
 */
export interface CanonicalQuery {
  text: ParsedText
  /** Selected values per facet: only facets with a selection, in name order, values canonical, unique and sorted. */
  filters: Partial<Record<FacetName, string[]>>
  /** Light-source selections (they AND), each canonical, without repeats, in canonical order. */
  sources: SourceSelection[]
  focal: FocalFilter
  sort: SortOrder
  /** Hits per page; 0 asks for the total and the counts only. */
  size: number
  facets: FacetRequest[]
  facetSize: number
  /** What each hit carries besides id and score. */
  fields: HitField[]
  /** Set by the tenant's vocabulary while a re-derivation runs (src/search/vocabulary/query-vocabulary.ts). */
  rollout?: Rollout
}

/** Every parameter is checked; all problems are reported at once, one issue per offending place. */
export function canonicalQuery (params: SearchParams): CanonicalQuery {
  const issues: SearchIssue[] = []
  const q = params.q ?? ''
  if (q.length > SEARCH_LIMITS.textLength) issues.push(issueAt('q', `q is longer than ${SEARCH_LIMITS.textLength} characters`))
  const text = canonicalText(parseText(q.slice(0, SEARCH_LIMITS.textLength), { asYouType: true }))
  const query: CanonicalQuery = {
    text,
    filters: canonicalFilters(params.filters ?? {}, issues),
    sources: canonicalSources(params.source, issues),
    focal: canonicalFocal(params, issues),
    sort: params.sort ?? (hasPositiveText(text) ? 'relevance' : 'newest'),
    size: bounded('size', params.size, SEARCH_LIMITS.size, issues),
    facets: canonicalFacetList(params.facets, issues),
    facetSize: bounded('facet_size', params.facet_size, SEARCH_LIMITS.facetSize, issues),
    fields: canonicalFields(params.fields, issues)
  }
  // The cursor is no part of the query (it says where to continue it), but size 0 cannot continue anything.
  if (params.size === 0 && params.cursor !== undefined) {
    issues.push(issueAt('size', 'size 0 asks for the total and the counts, which come with the first page: a cursor page needs a size of 1 or more'))
  }
  if (issues.length > 0) throw new InvalidSearchParameterError(issues)
  return query
}

/**
 * What a cursor is bound to: the query without `size` and `fields`, which may change from page to page, nor the
 * rollout, which ends while a client pages.
 */
export function queryHash (query: CanonicalQuery): string {
  const { size: _size, fields: _fields, rollout: _rollout, ...rest } = query
  return hash('sha256', canonicalJson(rest), 'base64url').slice(0, 22)
}

function canonicalText (parsed: ParsedText): ParsedText {
  const sorted = (list: string[]) => [...list].sort()
  const prefix = parsed.prefix !== undefined ? { prefix: parsed.prefix } : {}
  return { terms: sorted(parsed.terms), phrases: sorted(parsed.phrases), excludedTerms: sorted(parsed.excludedTerms), excludedPhrases: sorted(parsed.excludedPhrases), ...prefix }
}

function canonicalFocal (params: SearchParams, issues: SearchIssue[]): FocalFilter {
  const focal: FocalFilter = {}
  for (const [key, name] of [['mm', 'focal_mm'], ['min', 'focal_min'], ['max', 'focal_max']] as const) {
    const value = params[name]
    if (value === undefined) continue
    const { min, max } = SEARCH_LIMITS.focalMm
    if (!Number.isFinite(value) || value < min || value > max) issues.push(issueAt(name, `${name} must be a number from ${min} to ${max} (millimetres)`))
    else focal[key] = value
  }
  if (focal.min !== undefined && focal.max !== undefined && focal.min > focal.max) {
    issues.push(issueAt('focal_min', `focal_min (${focal.min}) is greater than focal_max (${focal.max})`))
  }
  return focal
}

function canonicalFacetList (names: string[] | undefined, issues: SearchIssue[]): FacetRequest[] {
  if (names === undefined) return [...DEFAULT_FACETS].sort()
  const out = new Set<FacetRequest>()
  for (const name of listedNames(names)) {
    if (isFacetName(name) || name === 'focal_mm') out.add(name)
    else issues.push(issueAt('facets', `facets names an unknown facet '${name.slice(0, 64)}'; known are ${FACETS.join(', ')}, focal_mm`))
  }
  return [...out].sort()
}

function bounded (name: string, value: number | undefined, limits: { min: number, max: number, default: number }, issues: SearchIssue[]): number {
  if (value === undefined) return limits.default
  if (!Number.isSafeInteger(value) || value < limits.min || value > limits.max) {
    issues.push(issueAt(name, `${name} must be an integer from ${limits.min} to ${limits.max}`))
    return limits.default
  }
  return value
}
