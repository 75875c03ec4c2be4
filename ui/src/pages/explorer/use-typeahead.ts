import { useEffect, useState } from 'preact/hooks'
import { isAbort } from '../../api/client.ts'
import { fetchFacetValues } from '../../api/endpoints.ts'
import type { FacetValuesPage } from '../../api/types.ts'
import { selectionParams, type SearchState } from '../../lib/search-state.ts'

const DEBOUNCE_MS = 200
const SIZE = 10

export interface Typeahead {
  status: 'idle' | 'loading' | 'ready' | 'error'
  values: FacetValuesPage['values']
  error: unknown
}

/**
 * A facet's values starting with `prefix`, counted under the current selection (GET /v1/facets/{facet}/values,
 * which leaves the facet's own selection out). Debounced; a newer prefix or selection aborts the older request.
 */
export function useTypeahead (facet: string, prefix: string, state: SearchState): Typeahead {
  const [result, setResult] = useState<Typeahead>({ status: 'idle', values: [], error: null })
  const selection = selectionParams(state).toString()
  useEffect(() => {
    if (prefix.trim() === '') {
      setResult({ status: 'idle', values: [], error: null })
      return
    }
    const controller = new AbortController()
    setResult(previous => ({ ...previous, status: 'loading' }))
    const timer = setTimeout(() => {
      const query = new URLSearchParams(selection)
      query.set('prefix', prefix.trim())
      query.set('size', String(SIZE))
      fetchFacetValues(facet, query, controller.signal).then(page => {
        if (!controller.signal.aborted) setResult({ status: 'ready', values: page.values, error: null })
      }, (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) setResult({ status: 'error', values: [], error })
      })
    }, DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [facet, prefix, selection])
  return result
}
