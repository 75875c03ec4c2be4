import { FACETS } from '../../../../src/schemas/facet-names.ts'
import type { Dashboard } from '../../api/types.ts'
import { facetLabel } from '../../lib/labels.ts'
import { searchHash } from '../../lib/route.ts'
import type { MatrixCell } from './charts.ts'

/**
 * The vocabulary no rule mapped, per facet: what the normalizer should learn next (FACETS.md); and how many merges
 * the tenant's vocabulary could still take (docs/vocabulary.md: an admin lists them with the suggestions route).
 */
export function UnmappedTable ({ unmapped, suggestions }: { unmapped: Dashboard['unmapped'], suggestions: Dashboard['vocabulary_suggestions'] }) {
  const facets = FACETS.filter(facet => unmapped[facet].documents > 0 || suggestions[facet] > 0)
  if (facets.length === 0) return <p class='muted' data-testid='unmapped-none'>Every value of every facet is mapped, and no merge is suggested.</p>
  return (
    <table class='data' data-testid='unmapped'>
      <caption>Analyses with unmapped values, the most frequent of those values, and the open merge suggestions</caption>
      <thead><tr><th scope='col'>Facet</th><th scope='col' class='num'>Analyses</th><th scope='col'>Top unmapped values</th><th scope='col' class='num'>Suggested merges</th></tr></thead>
      <tbody>
        {facets.map(facet => (
          <tr key={facet}>
            <th scope='row'>{facetLabel(facet)}</th>
            <td class='num'>{unmapped[facet].documents.toLocaleString('en')}</td>
            <td>
              <ul class='inline-list'>
                {unmapped[facet].top.map(({ value, count }) => (
                  <li key={value}><a href={searchHash(new URLSearchParams([[facet, value]]))}>{value}</a> ({count})</li>
                ))}
              </ul>
            </td>
            <td class='num' data-testid={`suggestions-${facet}`}>{suggestions[facet].toLocaleString('en')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The heatmap's numbers as a matrix table, moods as rows and settings as columns. */
export function MoodSettingTable ({ matrix, cells }: { matrix: Dashboard['mood_by_setting'], cells: MatrixCell[] }) {
  const count = (mood: string, setting: string) => cells.find(c => c.mood === mood && c.setting === setting)?.count ?? 0
  return (
    <div class='scroll' tabIndex={0} role='region' aria-label='Mood by setting table (scrolls sideways)'>
      <table class='data matrix'>
        <caption>Analyses by mood and setting</caption>
        <thead><tr><th scope='col'>Mood \ setting</th>{matrix.settings.map(setting => <th key={setting} scope='col' class='num'>{setting}</th>)}</tr></thead>
        <tbody>
          {matrix.moods.map(mood => (
            <tr key={mood}><th scope='row'>{mood}</th>{matrix.settings.map(setting => <td key={setting} class='num'>{count(mood, setting)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
