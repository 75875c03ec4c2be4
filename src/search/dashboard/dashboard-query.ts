import type { estypes } from '@elastic/elasticsearch'
import { FACETS } from '../../schemas/facets.ts'
import { focalBucketsAggregation } from '../focal-buckets.ts'
import { BUCKET_ORDER } from '../query/facet-aggs.ts'
import { facetField } from '../query/filters.ts'
import { DASHBOARD_FACETS, HISTOGRAM_DAYS, LATEST, TOP_VALUES } from '../../schemas/dashboard.ts'

export const DAY_MS = 86_400_000

/** The histogram's window: the last HISTOGRAM_DAYS UTC days, today included; `end` is tomorrow (exclusive). */
export interface DayWindow { from: string, to: string, end: string }

export function dayWindow (now: Date): DayWindow {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return { from: utcDay(today - (HISTOGRAM_DAYS - 1) * DAY_MS), to: utcDay(today), end: utcDay(today + DAY_MS) }
}

/** The UTC day of `ms` as yyyy-MM-dd: the window's `to` for any time of that day. */
export function utcDay (ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

function tenantQuery (tenant: string): estypes.QueryDslQueryContainer {
  return { bool: { filter: [{ term: { tenant } }] } }
}

// Ties in count are broken by value, so equal data always gives the same answer (and the same ETag).
const terms = (field: string) => ({ terms: { field, size: TOP_VALUES, order: BUCKET_ORDER } })

/**
 * The dashboard's main request: the total, the latest analyses as top hits, and every aggregation at once.
 * Routed by tenant, a tenant's documents sit on one shard, so terms counts are exact (no shard-level truncation).
 */
export function dashboardRequest (index: string, tenant: string, window: DayWindow): estypes.SearchRequest {
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {
    focal: focalBucketsAggregation() as estypes.AggregationsAggregationContainer,
    ingested: {
      filter: { range: { indexed_at: { gte: window.from, lt: window.end, format: 'yyyy-MM-dd' } } },
      aggs: {
        per_day: {
          date_histogram: {
            field: 'indexed_at',
            calendar_interval: 'day',
            time_zone: 'UTC',
            format: 'yyyy-MM-dd',
            min_doc_count: 0,
            extended_bounds: { min: window.from, max: window.to }
          }
        }
      }
    }
  }
  for (const facet of DASHBOARD_FACETS) aggs[`top_${facet}`] = terms(facetField(facet))
  for (const facet of FACETS) {
    aggs[`unmapped_${facet}`] = { filter: { exists: { field: `unmapped.${facet}` } }, aggs: { top: terms(`unmapped.${facet}`) } }
  }
  return {
    index,
    routing: tenant,
    query: tenantQuery(tenant),
    track_total_hits: true,
    size: LATEST,
    sort: [{ indexed_at: 'desc' }, { id: 'asc' }],
    _source: ['id', 'caption', 'indexed_at', 'facets', 'focal_mm'],
    aggs
  }
}

/**
 * The exact mood × setting counts once the top moods and settings are known: one `filters` bucket per mood, each
 * with one `filters` bucket per setting. Anonymous filters keep the order of the lists.
 */
export function matrixRequest (index: string, tenant: string, moods: string[], settings: string[]): estypes.SearchRequest {
  return {
    index,
    routing: tenant,
    query: tenantQuery(tenant),
    size: 0,
    track_total_hits: false,
    aggs: {
      moods: {
        filters: { filters: moods.map(mood => ({ term: { 'facets.mood': mood } })) },
        aggs: { settings: { filters: { filters: settings.map(setting => ({ term: { 'facets.setting': setting } })) } } }
      }
    }
  }
}
