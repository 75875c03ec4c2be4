import { useEffect, useMemo, useState } from 'preact/hooks'
import { FACETS, type FacetName } from '../../../../src/schemas/facet-names.ts'
import type { Sort } from '../../api/types.ts'
import { ErrorNotice } from '../../components/error-notice.tsx'
import { plural } from '../../lib/labels.ts'
import { searchHash } from '../../lib/route.ts'
import { EMPTY_STATE, hasSelection, isSelected, parseState, SORT_ORDERS, stateParams, toggleValue, withFocal, type SearchState } from '../../lib/search-state.ts'
import { navigate, rememberSearch } from '../../router.ts'
import { FacetPanel } from './facet-panel.tsx'
import { FocalPanel } from './focal-panel.tsx'
import { ResultCard } from './result-card.tsx'
import { SearchBox } from './search-box.tsx'
import { useSearch } from './use-search.ts'

/** Facets whose panel starts open; the others open when clicked or when they hold a selection. */
const OPEN: FacetName[] = ['setting', 'lens', 'mood']

export function ExplorerPage ({ params }: { params: URLSearchParams }) {
  const key = params.toString()
  const state = useMemo(() => parseState(params), [key])
  const { view, loadMore } = useSearch(state)
  useEffect(() => { rememberSearch(searchHash(stateParams(state))) }, [key])
  // Typing replaces the history entry; every other change is a new one, so Back undoes it.
  const go = (next: SearchState, replace = false) => { navigate(searchHash(stateParams(next)), { replace }) }
  const toggle = (facet: FacetName, value: string) => { go(toggleValue(state, facet, value)) }
  const first = view.first
  // Filters start open beside the results, folded above them on a phone (the CSS breakpoint).
  const [wide] = useState(() => matchMedia('(min-width: 56rem)').matches)

  return (
    <section class='page explorer'>
      <h1 tabIndex={-1}>Explorer</h1>
      {params.get('deleted') !== null && <p class='notice' role='status'>Deleted “{params.get('deleted')}”.</p>}
      <SearchBox q={state.q} onCommit={q => { go({ ...state, q }, true) }} />
      <div class='explorer-layout'>
        <aside class='filters' aria-labelledby='filters-title'>
          <details class='filters-toggle' open={wide}>
            <summary><h2 id='filters-title'>Filters</h2></summary>
            {hasSelection(state) && <button type='button' class='link' onClick={() => { go({ ...EMPTY_STATE, q: state.q, ...(state.sort ? { sort: state.sort } : {}) }) }}>Clear all filters</button>}
            {FACETS.map(facet => (
              <FacetPanel key={facet} facet={facet} counts={first?.facets?.[facet]} state={state} open={OPEN.includes(facet)} onToggle={toggle} />
            ))}
            <FocalPanel buckets={first?.focal_mm ?? []} state={state} onRange={(min, max) => { go(withFocal(state, min, max)) }} />
          </details>
        </aside>
        <section class='results' aria-labelledby='results-title' aria-busy={view.status === 'loading'}>
          <div class='results-bar'>
            <h2 id='results-title' aria-live='polite'>
              {first === null ? 'Searching…' : plural(first.total, 'analysis', 'analyses')}
              {first?.typo_expanded === true && <span class='muted small'> (with spelling corrections: {(first.typos as typeof first.typos | undefined ?? []).map(typo => typo.word).join(', ')})</span>}
            </h2>
            <label class='sort'>Sort
              <select value={state.sort ?? ''} onChange={event => { const sort = event.currentTarget.value as Sort | ''; go({ ...state, ...(sort === '' ? { sort: undefined } : { sort }) }) }}>
                <option value=''>Default</option>
                {SORT_ORDERS.map(sort => <option key={sort} value={sort}>{sort[0]!.toUpperCase() + sort.slice(1)}</option>)}
              </select>
            </label>
          </div>
          {view.status === 'loading' && <p class='loading' role='status'>Searching…</p>}
          {view.status === 'error' && <ErrorNotice action='The search failed' error={view.error} />}
          {view.status === 'ready' && view.hits.length === 0 && (
            <div class='empty' role='status'>
              <p><strong>No analysis matches.</strong></p>
              <p>{hasSelection(state) ? 'Untick a filter or widen the focal range.' : state.q !== '' ? 'Try other words or remove an excluded one.' : 'This tenant has no analyses yet: upload some on the Curate page.'}</p>
            </div>
          )}
          <ol class={`hits${view.status === 'loading' ? ' stale' : ''}`}>
            {view.hits.map(hit => (
              <li key={hit.id}><ResultCard hit={hit} isSelected={(facet, value) => isSelected(state, facet, value)} onToggle={toggle} /></li>
            ))}
          </ol>
          {view.more === 'error' && <ErrorNotice action='More results could not load' error={view.moreError} />}
          {view.status === 'ready' && view.nextCursor !== null && (
            <button type='button' class='more' onClick={loadMore} disabled={view.more === 'loading'}>
              {view.more === 'loading' ? 'Loading…' : `Show more (${view.hits.length} of ${first?.total ?? '?'})`}
            </button>
          )}
        </section>
      </div>
    </section>
  )
}
