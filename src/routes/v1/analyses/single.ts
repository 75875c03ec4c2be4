import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AnalysisInputSchema, AnalysisResponse, IdParams, LIMITS, WriteQuery, WriteResponse, type AnalysisInput, type WriteQueryInput } from '../../../schemas/analysis.ts'
import { NoContent } from '../../../schemas/empty.ts'
import { problemResponses } from '../../../schemas/problem.ts'
import { deleteAnalysis, getAnalysis, putAnalysis, type ExpectedVersion, type WriteResult } from '../../../search/analyses/analyses-store.ts'
import { ifNoneMatch } from '../../../http/cache-headers.ts'
import type { EtagCodec } from '../../../http/etag.ts'
import { facetView } from '../../../search/analyses/facet-view.ts'
import { normalizeAnalysis } from '../../../search/facets/normalize.ts'
import { contentId } from '../../../search/analyses/ids.ts'
import { ProblemError } from '../../../http/errors.ts'
import { IdempotencyHeaders } from '../../../schemas/idempotency.ts'
import type { WriteAttempt } from '../../../plugins/idempotency.ts'
import { refreshOf } from './refresh.ts'

const tags = ['analyses']

/** Single-analysis reads and writes. Every document belongs to the token's tenant and to no one else. */
export const singleAnalysisRoutes: FastifyPluginAsyncTypebox = async fastify => {
  const write = { config: { auth: 'ingester' as const, ingestion: 'document' as const }, bodyLimit: LIMITS.documentBytes }

  fastify.post('/analyses', {
    ...write,
    schema: {
      tags,
      operationId: 'createAnalysis',
      summary: 'Create (or replace) an analysis; the id is derived from the content when not given',
      description: 'Normalizes the analysis into facets and stores it for the token\'s tenant: 201 when created, 200 when it replaced one (Location, ETag). Without an id, the id is a digest of the content, so sending it again never duplicates it. If-None-Match: * only creates (412 if the id exists). With an Idempotency-Key, a retry gets the first answer again (Idempotent-Replayed: true) and is applied at most once.',
      headers: IdempotencyHeaders,
      body: AnalysisInputSchema,
      querystring: WriteQuery,
      response: { 200: WriteResponse, 201: WriteResponse, ...problemResponses(409, 412, 413, 415, 422) }
    }
  }, async (request, reply) => await fastify.idempotent(request, reply, async attempt => {
    const id = request.body.id ?? contentId(request.body)
    return sendWrite(reply, request, fastify.etags, await store(request, request.query, id, request.body, attempt))
  }))

  fastify.put('/analyses/:id', {
    ...write,
    schema: {
      tags,
      operationId: 'putAnalysis',
      summary: 'Create or replace an analysis (If-Match for optimistic concurrency)',
      description: 'Stores the analysis under the id of the path (a body id must equal it). If-Match with an ETag replaces only that version (412 when the stored one moved on); If-Match: * only replaces (412 when absent); If-None-Match: * only creates. With an Idempotency-Key, a retry gets the first answer again (Idempotent-Replayed: true); after a 503 WRITE_OUTCOME_UNKNOWN it answers the outcome of the first attempt, never a 412 for its own write.',
      params: IdParams,
      headers: IdempotencyHeaders,
      body: AnalysisInputSchema,
      querystring: WriteQuery,
      response: { 200: WriteResponse, 201: WriteResponse, ...problemResponses(409, 412, 413, 415, 422) }
    }
  }, async (request, reply) => {
    const { id } = request.params
    if (request.body.id !== undefined && request.body.id !== id) {
      throw new ProblemError('VALIDATION_FAILED', `field 'id' (${request.body.id}) differs from the id in the path (${id})`, { errors: [{ pointer: '/id', detail: 'must equal the path id' }] })
    }
    return await fastify.idempotent(request, reply, async attempt =>
      sendWrite(reply, request, fastify.etags, await store(request, request.query, id, request.body, attempt)))
  })

  fastify.get('/analyses/:id', {
    config: { auth: 'reader' },
    schema: {
      tags,
      operationId: 'getAnalysis',
      summary: 'Read a stored analysis with its derived facets',
      description: 'The analysis as it was sent, its derived facets and its ETag; 304 to a matching If-None-Match. Analyses of other tenants are absent (404), exactly like ids never stored.',
      params: IdParams,
      response: { 200: AnalysisResponse, 304: NoContent, ...problemResponses(404) }
    }
  }, async (request, reply) => {
    const { id, version, document } = await getAnalysis(request.es, fastify.indices, request.user.tenant, request.params.id)
    const etag = fastify.etags.format(version)
    reply.header('etag', etag)
    if (ifNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send(null)
    const { caption, tags, source } = document
    // Warnings are not stored: the analysis is kept as sent, so the normalizer finds them again.
    const { warnings } = normalizeAnalysis(document.image_analysis)
    return { id, caption, tags, source, image_analysis: document.image_analysis, facets: facetView(document), normalizer_version: document.normalizer_version, indexed_at: document.indexed_at, warnings }
  })

  fastify.delete('/analyses/:id', {
    config: { auth: 'ingester' },
    schema: {
      tags,
      operationId: 'deleteAnalysis',
      summary: 'Delete an analysis',
      description: '204 once Elasticsearch acknowledged the delete; 404 when the tenant has no such analysis; If-Match deletes only that version (412 otherwise). With an Idempotency-Key, a retry gets the first answer again (Idempotent-Replayed: true), not a 404.',
      params: IdParams,
      headers: IdempotencyHeaders,
      querystring: WriteQuery,
      response: { 204: NoContent, ...problemResponses(404, 409, 412, 422) }
    }
  }, async (request, reply) => await fastify.idempotent(request, reply, async attempt => {
    const tenant = request.user.tenant
    await deleteAnalysis(request.es, fastify.indices, tenant, request.params.id, { refresh: refreshOf(request.query), ...ifMatch(request, fastify.etags), settle: attempt.settle })
    await fastify.tenantWritten(tenant)
    return reply.code(204).send(null)
  }))

  async function store (request: FastifyRequest, query: WriteQueryInput, id: string, input: AnalysisInput, attempt: WriteAttempt): Promise<WriteResult> {
    const tenant = request.user.tenant
    const result = await putAnalysis(request.es, fastify.indices, tenant, id, input, {
      refresh: refreshOf(query),
      now: attempt.now,
      settle: attempt.settle,
      ...ifMatch(request, fastify.etags),
      ...(request.headers['if-none-match'] === '*' ? { createOnly: true } : {})
    })
    await fastify.tenantWritten(tenant)
    return result
  }
}

function sendWrite (reply: FastifyReply, request: FastifyRequest, etags: EtagCodec, result: WriteResult) {
  const etag = etags.format(result.version)
  const location = `${request.url.startsWith('/v1/analyses/') ? request.url.split('?')[0] : `/v1/analyses/${encodeURIComponent(result.id)}`}`
  reply.code(result.created ? 201 : 200).header('etag', etag).header('location', location)
  return { id: result.id, etag, created: result.created, facets: facetView(result.document), warnings: result.warnings }
}

function ifMatch (request: FastifyRequest, etags: EtagCodec): { ifMatch?: ExpectedVersion } {
  const header = request.headers['if-match']
  if (typeof header !== 'string') return {}
  if (header.trim() === '*') return { ifMatch: 'any' }
  const expected = etags.parse(header)
  if (expected === null) throw new ProblemError('PRECONDITION_FAILED', 'If-Match names no stored version of this analysis; read it for its current ETag')
  return { ifMatch: expected }
}
