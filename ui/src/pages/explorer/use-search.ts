import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { isAbort } from '../../api/client.ts'
import { fetchSearch } from '../../api/endpoints.ts'
import type { SearchHit, SearchPage } from '../../api/types.ts'
import { searchQuery, stateParams, type SearchState } from '../../lib/search-state.ts'

interface SearchView {
  status: 'loading' | 'ready' | 'error'
  /** The last first page that arrived: its total, facet counts and focal buckets stay shown while the next loads. */
  first: SearchPage | null
  hits: SearchHit[]
  nextCursor: string | null
  error: unknown
  more: 'idle' | 'loading' | 'error'
  moreError: unknown
}

const INITIAL: SearchView = { status: 'loading', first: null, hits: [], nextCursor: null, error: null, more: 'idle', moreError: null }

/**
 * Runs the state's search whenever the state changes. A newer state aborts the request of the older one, and an
 * answer that arrives for a state no longer current is dropped, so the page never shows a stale answer.
 * Further pages come through next_cursor with the same query and are appended.
 */
export function useSearch (state: SearchState): { view: SearchView, loadMore: () => void } {
  const key = stateParams(state).toString()
  const [view, setView] = useState<SearchView>(INITIAL)
  const controller = useRef<AbortController | null>(null)
  const latest = useRef({ state, view })
  latest.current = { state, view }

  useEffect(() => {
    const current = new AbortController()
    controller.current = current
    setView(previous => ({ ...previous, status: 'loading', error: null, more: 'idle', moreError: null }))
    fetchSearch(searchQuery(state), current.signal).then(first => {
      if (current.signal.aborted) return
      setView({ status: 'ready', first, hits: first.hits, nextCursor: first.next_cursor, error: null, more: 'idle', moreError: null })
    }, (error: unknown) => {
      if (current.signal.aborted || isAbort(error)) return
      setView(previous => ({ ...previous, status: 'error', error }))
    })
    return () => { current.abort() }
  }, [key])

  const loadMore = useCallback(() => {
    const { state, view } = latest.current
    const current = controller.current
    if (view.nextCursor === null || view.more === 'loading' || current === null) return
    setView(previous => ({ ...previous, more: 'loading', moreError: null }))
    fetchSearch(searchQuery(state, view.nextCursor), current.signal).then(page => {
      if (current.signal.aborted) return
      setView(previous => ({ ...previous, hits: [...previous.hits, ...page.hits], nextCursor: page.next_cursor, more: 'idle' }))
    }, (error: unknown) => {
      if (current.signal.aborted || isAbort(error)) return
      setView(previous => ({ ...previous, more: 'error', moreError: error }))
    })
  }, [])

  return { view, loadMore }
}
