/**
 * The explorer's state is the search's query string, under the API's own parameter names, in the address bar's
 * fragment (`#/search?q=…&lens=telephoto`): a link shares it, Back restores it. Pure functions, no DOM.
 */
import { FACETS, type FacetName } from '../../../src/schemas/facet-names.ts'
import type { Sort } from '../api/types.ts'

export interface SearchState {
  q: string
  filters: Partial<Record<FacetName, string[]>>
  focalMin?: string
  focalMax?: string
  sort?: Sort
}

// The API's sort orders (SORTS of src/search/query): the compiler checks this list against the API's type.
export const SORT_ORDERS = ['relevance', 'newest', 'oldest'] as const satisfies readonly Sort[]

/** What every search of the explorer counts: all facets and the focal buckets. */
export const COUNTED = [...FACETS, 'focal_mm'].join(',')
const PAGE_SIZE = 20
const FACET_SIZE = 10

export function parseState (params: URLSearchParams): SearchState {
  const filters: SearchState['filters'] = {}
  for (const facet of FACETS) {
    const values = params.getAll(facet).filter(value => value !== '')
    if (values.length > 0) filters[facet] = [...new Set(values)]
  }
  const sort = params.get('sort')
  return {
    q: params.get('q') ?? '',
    filters,
    ...optional('focalMin', params.get('focal_min')),
    ...optional('focalMax', params.get('focal_max')),
    ...((SORT_ORDERS as readonly string[]).includes(sort ?? '') ? { sort: sort as Sort } : {})
  }
}

function optional<K extends string> (key: K, value: string | null): Partial<Record<K, string>> {
  return value === null || value.trim() === '' ? {} : { [key]: value.trim() } as Record<K, string>
}

/** The selection as query parameters, in one fixed order so that equal states give equal URLs. */
export function selectionParams (state: SearchState): URLSearchParams {
  const params = new URLSearchParams()
  if (state.q.trim() !== '') params.set('q', state.q.trim())
  for (const facet of FACETS) for (const value of state.filters[facet] ?? []) params.append(facet, value)
  if (state.focalMin !== undefined) params.set('focal_min', state.focalMin)
  if (state.focalMax !== undefined) params.set('focal_max', state.focalMax)
  return params
}

export function stateParams (state: SearchState): URLSearchParams {
  const params = selectionParams(state)
  if (state.sort !== undefined) params.set('sort', state.sort)
  return params
}

/** The /v1/search query of a state: its selection and sort, and what the explorer counts. */
export function searchQuery (state: SearchState, cursor?: string): URLSearchParams {
  const params = stateParams(state)
  params.set('facets', COUNTED)
  params.set('facet_size', String(FACET_SIZE))
  params.set('size', String(PAGE_SIZE))
  if (cursor !== undefined) params.set('cursor', cursor)
  return params
}

export function isSelected (state: SearchState, facet: FacetName, value: string): boolean {
  return state.filters[facet]?.includes(value) ?? false
}

export function toggleValue (state: SearchState, facet: FacetName, value: string): SearchState {
  const current = state.filters[facet] ?? []
  const next = current.includes(value) ? current.filter(v => v !== value) : [...current, value]
  const filters = { ...state.filters }
  if (next.length > 0) filters[facet] = next
  else delete filters[facet]
  return { ...state, filters }
}

export function withFocal (state: SearchState, min: string | undefined, max: string | undefined): SearchState {
  const { focalMin: _min, focalMax: _max, ...rest } = state
  return { ...rest, ...optional('focalMin', min ?? null), ...optional('focalMax', max ?? null) }
}

export function hasSelection (state: SearchState): boolean {
  return Object.keys(state.filters).length > 0 || state.focalMin !== undefined || state.focalMax !== undefined
}

export const EMPTY_STATE: SearchState = { q: '', filters: {} }
