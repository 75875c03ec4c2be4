import Type, { type Static } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { bulkIngest, type BulkItem } from '../../../search/analyses/bulk-ingest.ts'
import { contentId } from '../../../search/analyses/ids.ts'
import { problemResponses } from '../../../http/problem-schema.ts'
import { BULK_MAX_BYTES, BULK_MAX_ITEMS, parseBulkBody, type ParsedItem } from './bulk-body.ts'
import { refreshOf, WarningSchema, WriteQuery } from './schemas.ts'

const ItemResult = Type.Object({
  position: Type.Integer({ description: 'Index of the item in the request (0-based line or array position)' }),
  status: Type.Integer({ description: '201 created, 200 replaced, 4xx rejected, 429/503 retry later' }),
  id: Type.Optional(Type.String()),
  etag: Type.Optional(Type.String()),
  warnings: Type.Optional(Type.Array(WarningSchema)),
  error: Type.Optional(Type.Object({
    code: Type.String(),
    detail: Type.String(),
    errors: Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))
  }))
})

const BulkResponse = Type.Object({
  errors: Type.Boolean({ description: 'true when at least one item was not stored' }),
  items: Type.Array(ItemResult)
})

type Result = Static<typeof ItemResult>

/**
 * Bulk import: NDJSON (one analysis per line) or a JSON array, up to 1,000 documents and 10 MiB. Like
 * Elasticsearch's bulk API, results come per item in input order; valid items are stored even when others fail.
 */
export async function bulkAnalysisRoutes (fastify: FastifyInstance): Promise<void> {
  // This scope reads the raw text itself so that one malformed line fails alone.
  fastify.removeContentTypeParser('application/json')
  fastify.addContentTypeParser(['application/json', 'application/x-ndjson'], { parseAs: 'string', bodyLimit: BULK_MAX_BYTES },
    (_request, body, done) => { done(null, body) })

  fastify.post<{ Body: string, Querystring: { refresh?: 'wait_for' | 'false' } }>('/analyses/_bulk', {
    config: { auth: 'ingester', rateBudget: 'bulk', ingestion: 'bulk' },
    bodyLimit: BULK_MAX_BYTES,
    schema: {
      tags: ['analyses'],
      summary: `Import up to ${BULK_MAX_ITEMS} analyses (NDJSON or a JSON array)`,
      querystring: WriteQuery,
      body: { type: 'string', description: 'application/x-ndjson: one analysis per line; application/json: an array of analyses' },
      response: { 200: BulkResponse, ...problemResponses(413, 415) }
    }
  }, async request => {
    const ndjson = request.headers['content-type']?.startsWith('application/x-ndjson') === true
    const parsed = parseBulkBody(request.body, ndjson)
    await request.chargeDocuments(parsed.length)
    const results: Result[] = parsed.map((item, position) => item.ok ? { position, status: 0 } : rejected(position, item))
    const valid: Array<BulkItem & { position: number }> = []
    parsed.forEach((item, position) => { if (item.ok) valid.push({ position, id: item.input.id ?? contentId(item.input), input: item.input }) })
    const tenant = request.user.tenant
    const outcomes = await bulkIngest(request.es, fastify.indices, tenant, valid, refreshOf(request))
    outcomes.forEach((outcome, i) => {
      const position = valid[i]!.position
      results[position] = outcome.ok
        ? { position, status: outcome.created ? 201 : 200, id: outcome.id, etag: fastify.etags.format(outcome.version), warnings: outcome.warnings }
        : { position, status: outcome.failure === 'overloaded' ? 429 : 503, id: outcome.id, error: { code: outcome.failure === 'overloaded' ? 'RATE_LIMITED' : 'SEARCH_UNAVAILABLE', detail: 'Elasticsearch did not store this item; send it again', errors: [] } }
    })
    if (outcomes.some(outcome => outcome.ok)) await fastify.tenantWritten(tenant)
    return { errors: results.some(result => result.status >= 300), items: results }
  })
}

function rejected (position: number, item: Extract<ParsedItem, { ok: false }>): Result {
  return { position, status: item.status, error: { code: item.code, detail: item.detail, errors: item.errors } }
}
