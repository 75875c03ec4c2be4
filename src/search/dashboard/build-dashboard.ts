import type { Client, estypes } from '@elastic/elasticsearch'
import { facetView } from '../analyses/facet-view.ts'
import type { StoredAnalysis } from '../analyses/stored-analysis.ts'
import { FACETS } from '../../schemas/facets.ts'
import { focalBucketCounts } from '../focal-buckets.ts'
import { totalOf } from '../query/shape-search-response.ts'
import { DAY_MS, dashboardRequest, dayWindow, matrixRequest, utcDay } from './dashboard-query.ts'
import { DASHBOARD_FACETS, type Dashboard, type ValueCount } from '../../schemas/dashboard.ts'
import { openSuggestions } from '../vocabulary/open-suggestions.ts'

type Aggs = Record<string, estypes.AggregationsAggregate | undefined>
interface Bucket { key: string | number, key_as_string?: string, doc_count: number }
type Latest = Pick<StoredAnalysis, 'id' | 'caption' | 'indexed_at' | 'facets' | 'focal_mm'>

/**
 * The text a dashboard is cached under: the version of its shape and today's date (the histogram's window moves
 * at midnight UTC, so yesterday's entry is never served today).
 */
export function dashboardCacheKey (now: Date): string {
  // Formatted once per day, not per hit (a hit computes this key and nothing else of the window).
  const day = Math.floor(now.getTime() / DAY_MS)
  if (day !== keyOf.day) { keyOf.day = day; keyOf.key = `dashboard:v1:${utcDay(day * DAY_MS)}` }
  return keyOf.key
}

const keyOf = { day: Number.NaN, key: '' }

/**
 * Two Elasticsearch requests: everything in one (aggregations + the latest analyses as hits), then the exact
 * mood × setting matrix, which needs the top moods and settings the first one found (see docs/cache.md); then the
 * open vocabulary suggestions (open-suggestions.ts: three more, all cached with the dashboard).
 */
export async function buildDashboard (es: Client, index: string, tenant: string, now = new Date()): Promise<Dashboard> {
  const window = dayWindow(now)
  const main = await es.search<Latest>(dashboardRequest(index, tenant, window))
  const aggs = (main.aggregations ?? {}) as Aggs
  const top = Object.fromEntries(DASHBOARD_FACETS.map(facet => [facet, valueCounts(aggs[`top_${facet}`])])) as Dashboard['top_values']
  const perDay = buckets((aggs.ingested as { per_day?: estypes.AggregationsAggregate } | undefined)?.per_day)
  const moods = top.mood.map(v => v.value)
  const settings = top.setting.map(v => v.value)
  return {
    generated_at: now.toISOString(),
    total: totalOf(main.hits.total),
    top_values: top,
    focal_buckets: focalBucketCounts((aggs.focal as { buckets?: Record<string, { doc_count: number }> } | undefined)?.buckets),
    ingested_per_day: {
      from: window.from,
      to: window.to,
      days: perDay.map(b => ({ date: b.key_as_string ?? String(b.key), count: b.doc_count }))
    },
    latest: main.hits.hits.map(hit => {
      const doc = hit._source!
      return { id: doc.id, ...(doc.caption !== undefined ? { caption: doc.caption } : {}), indexed_at: doc.indexed_at, facets: facetView(doc) }
    }),
    unmapped: Object.fromEntries(FACETS.map(facet => {
      const agg = aggs[`unmapped_${facet}`] as { doc_count?: number, top?: estypes.AggregationsAggregate } | undefined
      return [facet, { documents: agg?.doc_count ?? 0, top: valueCounts(agg?.top) }]
    })) as Dashboard['unmapped'],
    mood_by_setting: { moods, settings, counts: await matrix(es, index, tenant, moods, settings) },
    vocabulary_suggestions: await openSuggestions(es, index, tenant)
  }
}

async function matrix (es: Client, index: string, tenant: string, moods: string[], settings: string[]): Promise<number[][]> {
  if (moods.length === 0 || settings.length === 0) return moods.map(() => [])
  const answer = await es.search(matrixRequest(index, tenant, moods, settings))
  const rows = buckets((answer.aggregations as Aggs | undefined)?.moods) as Array<Bucket & { settings?: estypes.AggregationsAggregate }>
  return rows.map(row => buckets(row.settings).map(cell => cell.doc_count))
}

function buckets (aggregate: estypes.AggregationsAggregate | undefined): Bucket[] {
  const list = (aggregate as { buckets?: unknown } | undefined)?.buckets
  return Array.isArray(list) ? list as Bucket[] : []
}

function valueCounts (aggregate: estypes.AggregationsAggregate | undefined): ValueCount[] {
  return buckets(aggregate).map(b => ({ value: String(b.key), count: b.doc_count }))
}
