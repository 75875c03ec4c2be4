import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { esProblem, itemNotStored } from '../../../http/map-error.ts'
import { problemDocument } from '../../../http/problem-writer.ts'
import { WriteQuery } from '../../../schemas/analysis.ts'
import { BULK_MAX_BYTES, BULK_MAX_ITEMS, BulkBody, BulkResponse, type BulkItemResult } from '../../../schemas/bulk.ts'
import { problemResponses } from '../../../schemas/problem.ts'
import { bulkIngest, type BulkItem } from '../../../search/analyses/bulk-ingest.ts'
import { contentId } from '../../../search/analyses/ids.ts'
import type { ProblemError } from '../../../http/errors.ts'
import { IdempotencyHeaders } from '../../../schemas/idempotency.ts'
import { parseBulkBody } from './bulk-body.ts'
import { refreshOf } from './refresh.ts'

/**
 * Bulk import: NDJSON (one analysis per line) or a JSON array, up to 1,000 documents and 10 MiB. Like
 * Elasticsearch's bulk API, results come per item in input order; valid items are stored even when others fail.
 * A failed item carries the problem a single write would have met (its status and its problem document).
 */
export const bulkAnalysisRoutes: FastifyPluginAsyncTypebox = async fastify => {
  // This scope reads the raw text itself so that one malformed line fails alone.
  fastify.removeContentTypeParser('application/json')
  fastify.addContentTypeParser(['application/json', 'application/x-ndjson'], { parseAs: 'string', bodyLimit: BULK_MAX_BYTES },
    (_request, body, done) => { done(null, body) })

  fastify.post('/analyses/_bulk', {
    config: { auth: 'ingester', rateBudget: 'bulk', ingestion: 'bulk' },
    bodyLimit: BULK_MAX_BYTES,
    schema: {
      tags: ['analyses'],
      operationId: 'bulkImportAnalyses',
      summary: `Import up to ${BULK_MAX_ITEMS} analyses (NDJSON or a JSON array)`,
      description: 'Each item is parsed, validated and stored on its own: the answer lists a result per item in input order (its status, id, ETag and warnings, or the problem a single write of it would have met), and `errors` says whether any failed. The documents are charged to the principal\'s bulk budget. With an Idempotency-Key, a retry gets the first answer again (Idempotent-Replayed: true); after a 503 WRITE_OUTCOME_UNKNOWN, items the first attempt stored are reported as it stored them (201 or 200) and not written again.',
      headers: IdempotencyHeaders,
      querystring: WriteQuery,
      body: BulkBody,
      response: { 200: BulkResponse, ...problemResponses(409, 413, 415, 422) }
    }
  }, async (request, reply) => await fastify.idempotent(request, reply, async attempt => {
    const ndjson = request.headers['content-type']?.startsWith('application/x-ndjson') === true
    const parsed = parseBulkBody(request.body, ndjson)
    await request.chargeDocuments(parsed.length)
    const results: BulkItemResult[] = parsed.map((item, position) => item.ok ? { position, status: 0 } : failed(position, item.problem))
    const valid: BulkItem[] = []
    const positions: number[] = []
    parsed.forEach((item, position) => {
      if (!item.ok) return
      valid.push({ id: item.input.id ?? contentId(item.input), input: item.input })
      positions.push(position)
    })
    const tenant = request.user.tenant
    const outcomes = await bulkIngest(request.es, fastify.indices, tenant, valid, refreshOf(request.query), attempt.now, attempt.settle)
    const stored = outcomes.flatMap(outcome => outcome.ok ? [outcome.version] : [])
    const etags = fastify.etags.formatAll(stored)
    let next = 0
    outcomes.forEach((outcome, i) => {
      const position = positions[i]!
      if (outcome.ok) {
        results[position] = { position, status: outcome.created ? 201 : 200, id: outcome.id, etag: etags[next++]!, warnings: outcome.warnings }
        return
      }
      const problem = outcome.failure === 'unavailable' || outcome.failure === 'overloaded' ? itemNotStored() : esProblem(outcome.failure)
      if (problem.code === 'INTERNAL') request.log.error({ position, failure: outcome.failure }, 'bulk item refused by Elasticsearch')
      results[position] = { ...failed(position, problem), id: outcome.id }
    })
    if (outcomes.some(outcome => outcome.ok)) await fastify.tenantWritten(tenant)
    return { errors: results.some(result => result.status >= 300), items: results }
  }))
}

function failed (position: number, problem: ProblemError): BulkItemResult {
  return { position, status: problem.status, error: problemDocument(problem) }
}
