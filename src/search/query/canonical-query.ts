import { hash } from 'node:crypto'
import { canonicalJson } from '../canonical-json.ts'
import { FACETS, isFacetName, type FacetName } from '../../schemas/facets.ts'
import { SEARCH_LIMITS, type SearchInput, type SortOrder } from '../../schemas/search.ts'
import { canonicalize } from '../facets/text.ts'
import { InvalidSearchParameterError } from './errors.ts'
import { hasPositiveText, parseText, type ParsedText } from './parse-text.ts'

/** What `facets=` may list: the keyword facets, plus `focal_mm` for the focal-length buckets. */
export type FacetRequest = FacetName | 'focal_mm'

const DEFAULT_FACETS: readonly FacetRequest[] = ['setting', 'lens', 'mood']

/**
 * The parameters of a search as the domain takes them: the API's fields (SearchInput), with the facet selections
 * gathered under `filters`, where any name may arrive (callers other than the routes are checked too). `facets`
 * elements may themselves be comma-separated lists.
 */
export type SearchParams = Omit<Partial<SearchInput>, FacetName | 'cursor'> & { filters?: Partial<Record<FacetName, string[]>> }

/** The domain's parameters from the API's fields (facet selections are the properties named after a facet). */
export function searchParams (input: Partial<SearchInput>): SearchParams {
  const filters: SearchParams['filters'] = {}
  for (const name of FACETS) if (input[name] !== undefined) filters[name] = input[name]
  const { q, focal_mm: mm, focal_min: min, focal_max: max, sort, size, facets, facet_size: fs } = input
  // An absent parameter is undefined here, which canonicalQuery reads as "not given".
  return { filters, q, focal_mm: mm, focal_min: min, focal_max: max, sort, size, facets, facet_size: fs }
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
  focal: FocalFilter
  sort: SortOrder
  size: number
  facets: FacetRequest[]
  facetSize: number
}

export function canonicalQuery (params: SearchParams): CanonicalQuery {
  const q = params.q ?? ''
  if (q.length > SEARCH_LIMITS.textLength) throw new InvalidSearchParameterError('q', `q is longer than ${SEARCH_LIMITS.textLength} characters`)
  const text = canonicalText(parseText(q))
  return {
    text,
    filters: canonicalFilters(params.filters ?? {}),
    focal: canonicalFocal(params),
    sort: params.sort ?? (hasPositiveText(text) ? 'relevance' : 'newest'),
    size: bounded('size', params.size, SEARCH_LIMITS.size),
    facets: canonicalFacetList(params.facets),
    facetSize: bounded('facet_size', params.facet_size, SEARCH_LIMITS.facetSize)
  }
}

/** What a cursor is bound to: the query without `size`, which may change from page to page. */
export function queryHash (query: CanonicalQuery): string {
  const { size: _size, ...rest } = query
  return hash('sha256', canonicalJson(rest), 'base64url').slice(0, 22)
}

function canonicalText (parsed: ParsedText): ParsedText {
  const sorted = (list: string[]) => [...list].sort()
  return { terms: sorted(parsed.terms), phrases: sorted(parsed.phrases), excludedTerms: sorted(parsed.excludedTerms), excludedPhrases: sorted(parsed.excludedPhrases) }
}

function canonicalFilters (filters: Partial<Record<string, string[]>>): Partial<Record<FacetName, string[]>> {
  const out: Partial<Record<FacetName, string[]>> = {}
  for (const name of Object.keys(filters).sort()) {
    const values = filters[name]
    if (!isFacetName(name)) throw new InvalidSearchParameterError(name, `'${name}' is not a facet; facets are ${FACETS.join(', ')}`)
    if (values === undefined) continue
    if (values.length > SEARCH_LIMITS.valuesPerFacet) throw new InvalidSearchParameterError(name, `${name} selects more than ${SEARCH_LIMITS.valuesPerFacet} values`)
    for (const value of values) {
      if (value.length > SEARCH_LIMITS.valueLength) throw new InvalidSearchParameterError(name, `a value of ${name} is longer than ${SEARCH_LIMITS.valueLength} characters`)
    }
    const canonical = [...new Set(values.map(canonicalize).filter(value => value !== ''))].sort()
    if (canonical.length > 0) out[name] = canonical
  }
  return out
}

function canonicalFocal (params: SearchParams): FocalFilter {
  const focal: FocalFilter = {}
  for (const [key, name] of [['mm', 'focal_mm'], ['min', 'focal_min'], ['max', 'focal_max']] as const) {
    const value = params[name]
    if (value === undefined) continue
    const { min, max } = SEARCH_LIMITS.focalMm
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new InvalidSearchParameterError(name, `${name} must be an integer from ${min} to ${max} (millimetres)`)
    focal[key] = value
  }
  if (focal.min !== undefined && focal.max !== undefined && focal.min > focal.max) {
    throw new InvalidSearchParameterError('focal_min', `focal_min (${focal.min}) is greater than focal_max (${focal.max})`)
  }
  return focal
}

function canonicalFacetList (names: string[] | undefined): FacetRequest[] {
  if (names === undefined) return [...DEFAULT_FACETS].sort()
  const out = new Set<FacetRequest>()
  for (const name of names.flatMap(item => item.split(',')).map(item => item.trim()).filter(item => item !== '')) {
    if (!isFacetName(name) && name !== 'focal_mm') {
      throw new InvalidSearchParameterError('facets', `facets names an unknown facet '${name.slice(0, 64)}'; known are ${FACETS.join(', ')}, focal_mm`)
    }
    out.add(name)
  }
  return [...out].sort()
}

function bounded (name: string, value: number | undefined, limits: { min: number, max: number, default: number }): number {
  if (value === undefined) return limits.default
  if (!Number.isSafeInteger(value) || value < limits.min || value > limits.max) {
    throw new InvalidSearchParameterError(name, `${name} must be an integer from ${limits.min} to ${limits.max}`)
  }
  return value
}
