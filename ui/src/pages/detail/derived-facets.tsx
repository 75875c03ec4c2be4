import { FACETS } from '../../../../src/schemas/facet-names.ts'
import type { Analysis } from '../../api/types.ts'
import { facetLabel, focalText } from '../../lib/labels.ts'
import { searchHash } from '../../lib/route.ts'

/** What the normalizer derived from the analysis, each value a link to the search for it; and its warnings. */
export function DerivedFacets ({ analysis }: { analysis: Analysis }) {
  const focal = focalText(analysis.facets.focal_mm)
  return (
    <section class='section' aria-labelledby='derived-title'>
      <h2 id='derived-title'>Derived facets</h2>
      <table class='facet-table'>
        <caption class='visually-hidden'>Facet values derived by the normalizer (version {analysis.normalizer_version})</caption>
        <tbody>
          {FACETS.map(facet => (
            <tr key={facet}>
              <th scope='row'>{facetLabel(facet)}</th>
              <td>
                {analysis.facets[facet].length === 0
                  ? <span class='muted'>—</span>
                  : (
                    <ul class='chips'>
                      {analysis.facets[facet].map(value => (
                        <li key={value}><a class='chip' href={searchHash(new URLSearchParams([[facet, value]]))}>{value}</a></li>
                      ))}
                    </ul>
                    )}
              </td>
            </tr>
          ))}
          <tr><th scope='row'>Focal length</th><td>{focal === '' ? <span class='muted'>—</span> : focal}</td></tr>
        </tbody>
      </table>
      <h3>Warnings</h3>
      {analysis.warnings.length === 0
        ? <p class='muted' data-testid='no-warnings'>None: every facet source has the expected type.</p>
        : (
          <ul class='warnings'>
            {analysis.warnings.map((warning, i) => (
              <li key={i}><strong>{facetLabel(warning.facet)}</strong>: {warning.detail} <code>{warning.pointer}</code></li>
            ))}
          </ul>
          )}
    </section>
  )
}
