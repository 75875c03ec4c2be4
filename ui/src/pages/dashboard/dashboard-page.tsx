import type { Dashboard } from '../../api/types.ts'
import { ErrorNotice } from '../../components/error-notice.tsx'
import { DataTable } from '../../components/data-table.tsx'
import { describeCacheStatus } from '../../lib/cache-status.ts'
import { facetLabel, plural } from '../../lib/labels.ts'
import { analysisHash, searchHash } from '../../lib/route.ts'
import { ChartFigure } from './chart-figure.tsx'
import { drawFocalBuckets, drawHeatmap, drawIngestion, drawTopValues, matrixCells } from './charts.ts'
import { MoodSettingTable, UnmappedTable } from './dashboard-tables.tsx'
import { useDashboard } from './use-dashboard.ts'

const valueColumns = (facet: string) => [
  { header: facetLabel(facet), cell: (row: { value: string }) => <a href={searchHash(new URLSearchParams([[facet, row.value]]))}>{row.value}</a> },
  { header: 'Analyses', cell: (row: { count: number }) => row.count.toLocaleString('en'), numeric: true }
]

/** The dashboard below its heading (which LazyDashboard holds while this chunk loads). */
export function DashboardPage () {
  const { view, refresh } = useDashboard()
  const dashboard = view.dashboard
  return (
    <div aria-busy={dashboard === null}>
      <div class='page-title'>
        <p class='muted small' role='status' data-testid='cache-status'>
          {view.checkedAt === null ? 'Loading…' : <>Checked {view.checkedAt.toLocaleTimeString('en')}: {describeCacheStatus(view.cacheStatus)} <code>{view.cacheStatus}</code>. Refreshes every 30 s.</>}
        </p>
        <button type='button' class='secondary' onClick={refresh} disabled={view.refreshing}>{view.refreshing ? 'Refreshing…' : 'Refresh now'}</button>
      </div>
      {view.error !== null && <ErrorNotice action={dashboard === null ? 'The dashboard could not load' : 'The last refresh failed (showing the previous data)'} error={view.error} />}
      {dashboard !== null && <DashboardBody dashboard={dashboard} />}
    </div>
  )
}

function DashboardBody ({ dashboard }: { dashboard: Dashboard }) {
  const days = dashboard.ingested_per_day.days
  const ingested = days.reduce((sum, day) => sum + day.count, 0)
  const unmapped = Math.max(0, ...Object.values(dashboard.unmapped).map(facet => facet.documents))
  // The API's facets in the API's order (the schema's list would bring TypeBox into the bundle).
  const topFacets = Object.keys(dashboard.top_values) as Array<keyof Dashboard['top_values']>
  return (
    <>
      <dl class='totals'>
        <div><dt>Analyses</dt><dd data-testid='total'>{dashboard.total.toLocaleString('en')}</dd></div>
        <div><dt>Ingested in {days.length} days</dt><dd>{ingested.toLocaleString('en')}</dd></div>
        <div><dt>Most unmapped in one facet</dt><dd>{plural(unmapped, 'analysis', 'analyses')}</dd></div>
        <div><dt>Computed</dt><dd class='small'>{new Date(dashboard.generated_at).toLocaleString('en')}</dd></div>
      </dl>
      <h2>Ingestion and focal lengths</h2>
      <div class='charts'>
        <ChartFigure
          id='ingestion' title={`Ingested per day, ${dashboard.ingested_per_day.from} to ${dashboard.ingested_per_day.to}`}
          summary={`Line chart: ${ingested} analyses ingested over ${days.length} days`} data={days} draw={drawIngestion}
          table={<DataTable caption='Analyses ingested per day' rows={days.filter(day => day.count > 0)} columns={[{ header: 'Day', cell: day => day.date }, { header: 'Analyses', cell: day => day.count, numeric: true }]} />}
        />
        <ChartFigure
          id='focal' title='Focal-length buckets' summary={`Bar chart of ${dashboard.focal_buckets.length} focal-length buckets`}
          data={dashboard.focal_buckets} draw={drawFocalBuckets}
          table={<DataTable caption='Analyses per focal-length bucket' rows={dashboard.focal_buckets} columns={[{ header: 'Bucket (mm)', cell: b => b.label }, { header: 'Analyses', cell: b => b.count, numeric: true }]} />}
        />
      </div>
      <h2>Top values</h2>
      <div class='charts'>
        {topFacets.map(facet => (
          <ChartFigure
            key={facet} id={`top-${facet}`} title={facetLabel(facet)} summary={`Bar chart of the ${dashboard.top_values[facet].length} most frequent ${facetLabel(facet).toLowerCase()} values`}
            data={dashboard.top_values[facet]} draw={drawTopValues}
            table={<DataTable caption={`Most frequent ${facetLabel(facet).toLowerCase()} values`} rows={dashboard.top_values[facet]} columns={valueColumns(facet)} />}
          />
        ))}
      </div>
      <h2>Mood × setting</h2>
      <ChartFigure
        wide id='mood-setting' title='Analyses by mood (rows) and setting (columns)'
        summary={`Heatmap of ${dashboard.mood_by_setting.moods.length} moods by ${dashboard.mood_by_setting.settings.length} settings`}
        data={dashboard.mood_by_setting} draw={drawHeatmap}
        table={<MoodSettingTable cells={matrixCells(dashboard.mood_by_setting)} matrix={dashboard.mood_by_setting} />}
      />
      <h2>Unmapped vocabulary</h2>
      <UnmappedTable unmapped={dashboard.unmapped} suggestions={dashboard.vocabulary_suggestions} />
      <h2>Latest analyses</h2>
      <ol class='latest'>
        {dashboard.latest.map(item => (
          <li key={item.id}><a href={analysisHash(item.id)}>{item.caption ?? item.id}</a> <span class='muted small'>{new Date(item.indexed_at).toLocaleString('en')}</span></li>
        ))}
      </ol>
    </>
  )
}
