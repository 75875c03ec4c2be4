import type { FacetName } from '../../../../src/schemas/facet-names.ts'
import type { SearchHit } from '../../api/types.ts'
import { Highlighted } from '../../components/highlighted.tsx'
import { facetLabel, focalText } from '../../lib/labels.ts'
import { analysisHash } from '../../lib/route.ts'

/** The facets a card shows as chips; a chip adds (or removes) its value to the selection. */
const CHIPS: FacetName[] = ['setting', 'lens', 'mood', 'lighting', 'camera_angle']
const PER_FACET = 3

interface Props {
  hit: SearchHit
  isSelected: (facet: FacetName, value: string) => boolean
  onToggle: (facet: FacetName, value: string) => void
}

export function ResultCard ({ hit, isSelected, onToggle }: Props) {
  const caption = hit.highlight?.caption?.[0]
  const focal = focalText(hit.facets.focal_mm)
  return (
    <article class='card' data-id={hit.id}>
      <h3 class='card-title'>
        <a href={analysisHash(hit.id)}>{caption !== undefined ? <Highlighted fragment={caption} /> : (hit.caption ?? hit.id)}</a>
      </h3>
      {hit.highlight?.analysis_text?.map((fragment, i) => <p key={i} class='snippet'>… <Highlighted fragment={fragment} /> …</p>)}
      <ul class='chips' aria-label='Facets of this analysis'>
        {CHIPS.flatMap(facet => hit.facets[facet].slice(0, PER_FACET).map(value => (
          <li key={`${facet}:${value}`}>
            <button
              type='button' class='chip' aria-pressed={isSelected(facet, value)}
              title={`${isSelected(facet, value) ? 'Remove' : 'Add'} the filter ${facetLabel(facet)}: ${value}`}
              onClick={() => { onToggle(facet, value) }}
            >
              <span class='chip-facet'>{facetLabel(facet)}</span> {value}
            </button>
          </li>
        )))}
        {focal !== '' && <li><span class='chip static'><span class='chip-facet'>Focal</span> {focal}</span></li>}
      </ul>
    </article>
  )
}
