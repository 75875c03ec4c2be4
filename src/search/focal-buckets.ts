import type { FocalBucketCount } from '../schemas/search.ts'

/**
 * The focal-length buckets shown by search and the dashboard. A document counts in every bucket its focal range
 * intersects, so clicking a bucket (focal_min/focal_max) finds exactly the documents it counted.
 */
export const FOCAL_BUCKETS: ReadonlyArray<Omit<FocalBucketCount, 'count'>> = [
  { label: '<24', min: null, max: 23 },
  { label: '24–35', min: 24, max: 35 },
  { label: '36–70', min: 36, max: 70 },
  { label: '71–135', min: 71, max: 135 },
  { label: '136–300', min: 136, max: 300 },
  { label: '>300', min: 301, max: null }
]

/** The buckets in their order, with the counts of a focalBucketsAggregation answer (0 where none came back). */
export function focalBucketCounts (keyed: Record<string, { doc_count: number }> | undefined): FocalBucketCount[] {
  return FOCAL_BUCKETS.map(bucket => ({ label: bucket.label, min: bucket.min, max: bucket.max, count: keyed?.[bucket.label]?.doc_count ?? 0 }))
}

/** The Elasticsearch `filters` aggregation counting documents per bucket on the `focal_mm` range field. */
export function focalBucketsAggregation (): { filters: { filters: Record<string, unknown> } } {
  const filters: Record<string, unknown> = {}
  for (const bucket of FOCAL_BUCKETS) {
    filters[bucket.label] = {
      range: {
        focal_mm: {
          ...(bucket.min !== null ? { gte: bucket.min } : {}),
          ...(bucket.max !== null ? { lte: bucket.max } : {}),
          relation: 'intersects'
        }
      }
    }
  }
  return { filters: { filters } }
}
