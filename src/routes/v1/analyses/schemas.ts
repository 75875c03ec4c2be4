import Type from 'typebox'
import type { FastifyRequest } from 'fastify'
import { FACETS } from '../../../search/facets/facet-names.ts'
import { AnalysisIdSchema } from '../../../search/analyses/analysis-input.ts'

const values = Type.Array(Type.String())

export const FacetViewSchema = Type.Object({
  ...Object.fromEntries(FACETS.map(name => [name, values])) as Record<typeof FACETS[number], typeof values>,
  focal_mm: Type.Union([Type.Object({ min: Type.Integer(), max: Type.Integer() }), Type.Null()])
}, { $id: 'FacetView', description: 'Facet values derived by the normalizer (../shared/FACETS.md)' })

export const WarningSchema = Type.Object({
  code: Type.String(),
  facet: Type.String(),
  pointer: Type.String({ description: 'JSON pointer into the request body' }),
  detail: Type.String()
})

export const IdParams = Type.Object({ id: AnalysisIdSchema })

export const WriteQuery = Type.Object({
  refresh: Type.Optional(Type.Enum(['wait_for', 'false'], { description: '`wait_for`: answer once the write is visible to searches (read-your-writes)' }))
}, { additionalProperties: false })

export const WriteResponse = Type.Object({
  id: Type.String(),
  etag: Type.String(),
  created: Type.Boolean({ description: 'false when an existing analysis was replaced' }),
  facets: Type.Ref('FacetView'),
  warnings: Type.Array(WarningSchema)
})

export const AnalysisResponse = Type.Object({
  id: Type.String(),
  caption: Type.Optional(Type.String()),
  tags: Type.Optional(Type.Array(Type.String())),
  source: Type.Optional(Type.String()),
  image_analysis: Type.Record(Type.String(), Type.Unknown()),
  facets: Type.Ref('FacetView'),
  normalizer_version: Type.Integer(),
  indexed_at: Type.String({ format: 'date-time' })
})

/** `?refresh=wait_for` acknowledges once the write is searchable; anything else (validated by the schema) does not wait. */
export function refreshOf (request: FastifyRequest): 'wait_for' | false {
  return (request.query as { refresh?: string }).refresh === 'wait_for' ? 'wait_for' : false
}
