import { useState } from 'preact/hooks'
import type { FacetName } from '../../../../src/schemas/facet-names.ts'
import type { FacetCounts } from '../../api/types.ts'
import { ErrorNotice } from '../../components/error-notice.tsx'
import { facetLabel } from '../../lib/labels.ts'
import { isSelected, type SearchState } from '../../lib/search-state.ts'
import { useTypeahead } from './use-typeahead.ts'

interface Props {
  facet: FacetName
  counts: FacetCounts[FacetName]
  state: SearchState
  open: boolean
  onToggle: (facet: FacetName, value: string) => void
}

/**
 * One facet: its values with disjunctive counts (how many hits ticking the value would give, counted under every
 * other selection), a checkbox each, and a typeahead that finds values beyond the top ones.
 */
export function FacetPanel ({ facet, counts, state, open, onToggle }: Props) {
  const [prefix, setPrefix] = useState('')
  const typeahead = useTypeahead(facet, prefix, state)
  const searching = prefix.trim() !== ''
  const values = searching ? typeahead.values : (counts ?? [])
  const label = facetLabel(facet)
  const selected = state.filters[facet]?.length ?? 0
  return (
    <details class='facet' open={open || selected > 0} data-facet={facet}>
      <summary>{label}{selected > 0 && <span class='badge'> {selected} selected</span>}</summary>
      <div class='facet-body'>
        <label class='visually-hidden' for={`find-${facet}`}>Find {label.toLowerCase()} values</label>
        <input
          id={`find-${facet}`} type='search' class='facet-find' placeholder={`Find ${label.toLowerCase()}…`} autocomplete='off'
          value={prefix} onInput={event => { setPrefix(event.currentTarget.value) }}
        />
        {searching && typeahead.status === 'error' && <ErrorNotice action='The values could not be found' error={typeahead.error} />}
        <ul class='facet-values' aria-label={`${label} values`} aria-busy={searching && typeahead.status === 'loading'}>
          {values.map(({ value, count }) => (
            <li key={value}>
              <label>
                <input type='checkbox' checked={isSelected(state, facet, value)} onChange={() => { onToggle(facet, value) }} />
                <span class='value'>{value}</span>
                <span class='count' data-count={count}>{count.toLocaleString('en')}</span>
              </label>
            </li>
          ))}
        </ul>
        {values.length === 0 && !(searching && typeahead.status === 'loading') && (
          <p class='muted small'>{searching ? `No ${label.toLowerCase()} starts with “${prefix.trim()}”.` : 'No values among these hits.'}</p>
        )}
      </div>
    </details>
  )
}
