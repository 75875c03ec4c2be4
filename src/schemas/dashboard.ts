import Type, { type Static } from 'typebox'
import { byName, FACETS, FacetViewRef } from './facets.ts'
import { FocalBucketCountSchema } from './search.ts'

/** The facets whose top values the dashboard shows (FACETS.md); unmapped vocabulary is shown for every facet. */
export const DASHBOARD_FACETS = ['setting', 'lens', 'mood', 'depth_of_field', 'camera_angle', 'lighting', 'environment', 'negative'] as const

export const TOP_VALUES = 10
export const HISTOGRAM_DAYS = 90
export const LATEST = 10

const ValueCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer({ minimum: 0 }) }))
const Unmapped = Type.Object({
  documents: Type.Integer({ minimum: 0, description: 'Analyses with at least one value no rule mapped' }),
  top: ValueCounts
})

export const DashboardSchema = Type.Object({
  generated_at: Type.String({ format: 'date-time', description: 'When Elasticsearch was asked (a stale answer is older)' }),
  total: Type.Integer({ minimum: 0, description: 'Analyses of the tenant' }),
  top_values: byName(DASHBOARD_FACETS, ValueCounts),
  focal_buckets: Type.Array(FocalBucketCountSchema),
  ingested_per_day: Type.Object({
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date', description: 'Today (UTC)' }),
    days: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), count: Type.Integer({ minimum: 0 }) }),
      { description: `${HISTOGRAM_DAYS} days, oldest first, zero-filled` })
  }),
  latest: Type.Array(Type.Object({
    id: Type.String(),
    caption: Type.Optional(Type.String()),
    indexed_at: Type.String({ format: 'date-time' }),
    facets: FacetViewRef
  }), { description: `The ${LATEST} analyses indexed last` }),
  unmapped: byName(FACETS, Unmapped),
  vocabulary_suggestions: byName(FACETS, Type.Integer({ minimum: 0 }), {
    description: 'Per facet, the candidate merges GET /v1/admin/vocabulary/suggestions lists (values that look like one)'
  }),
  mood_by_setting: Type.Object({
    moods: Type.Array(Type.String(), { description: `The top ${TOP_VALUES} moods (rows)` }),
    settings: Type.Array(Type.String(), { description: `The top ${TOP_VALUES} settings (columns)` }),
    counts: Type.Array(Type.Array(Type.Integer({ minimum: 0 })), { description: 'counts[i][j]: analyses with moods[i] and settings[j] (exact)' })
  })
}, { description: 'Overview of the tenant\'s analyses' })

export type Dashboard = Static<typeof DashboardSchema>
export type ValueCount = Static<typeof ValueCounts>[number]
