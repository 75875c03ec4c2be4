import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LIMITS, AnalysisInputSchema, type AnalysisInput } from '../../../search/analyses/analysis-input.ts'
import { deleteAnalysis, getAnalysis, putAnalysis, type ExpectedVersion, type WriteResult } from '../../../search/analyses/analyses-store.ts'
import type { EtagCodec } from '../../../http/etag.ts'
import { facetView } from '../../../search/analyses/facet-view.ts'
import { contentId } from '../../../search/analyses/ids.ts'
import { ProblemError } from '../../../http/errors.ts'
import { problemResponses } from '../../../http/problem-schema.ts'
import { AnalysisResponse, IdParams, refreshOf, WriteQuery, WriteResponse } from './schemas.ts'

interface WriteRequest { Body: AnalysisInput, Querystring: { refresh?: 'wait_for' | 'false' } }
interface IdRequest { Params: { id: string }, Querystring: { refresh?: 'wait_for' | 'false' } }

const tags = ['analyses']

/** Single-analysis reads and writes. Every document belongs to the token's tenant and to no one else. */
export async function singleAnalysisRoutes (fastify: FastifyInstance): Promise<void> {
  const write = { config: { auth: 'ingester' as const, ingestion: 'document' as const }, bodyLimit: LIMITS.documentBytes }

  fastify.post<WriteRequest>('/analyses', {
    ...write,
    schema: { tags, summary: 'Create (or replace) an analysis; the id is derived from the content when not given', body: AnalysisInputSchema, querystring: WriteQuery, response: { 200: WriteResponse, 201: WriteResponse, ...problemResponses(412, 413, 415) } }
  }, async (request, reply) => {
    const id = request.body.id ?? contentId(request.body)
    return sendWrite(reply, request, fastify.etags, await store(request, id, request.body))
  })

  fastify.put<WriteRequest & IdRequest>('/analyses/:id', {
    ...write,
    schema: { tags, summary: 'Create or replace an analysis (If-Match for optimistic concurrency)', params: IdParams, body: AnalysisInputSchema, querystring: WriteQuery, response: { 200: WriteResponse, 201: WriteResponse, ...problemResponses(412, 413, 415) } }
  }, async (request, reply) => {
    const { id } = request.params
    if (request.body.id !== undefined && request.body.id !== id) {
      throw new ProblemError('VALIDATION_FAILED', `field 'id' (${request.body.id}) differs from the id in the path (${id})`, { errors: [{ pointer: '/id', detail: 'must equal the path id' }] })
    }
    return sendWrite(reply, request, fastify.etags, await store(request, id, request.body))
  })

  fastify.get<IdRequest>('/analyses/:id', {
    config: { auth: 'reader' },
    schema: { tags, summary: 'Read a stored analysis with its derived facets', params: IdParams, response: { 200: AnalysisResponse, 304: { type: 'null' }, ...problemResponses(404) } }
  }, async (request, reply) => {
    const { id, version, document } = await getAnalysis(request.es, fastify.indices, request.user.tenant, request.params.id)
    const etag = fastify.etags.format(version)
    reply.header('etag', etag)
    if (request.headers['if-none-match'] === etag) return reply.code(304).send()
    const { caption, tags, source } = document
    return { id, caption, tags, source, image_analysis: document.image_analysis, facets: facetView(document), normalizer_version: document.normalizer_version, indexed_at: document.indexed_at }
  })

  fastify.delete<IdRequest>('/analyses/:id', {
    config: { auth: 'ingester' },
    schema: { tags, summary: 'Delete an analysis', params: IdParams, querystring: WriteQuery, response: { 204: { type: 'null' }, ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const tenant = request.user.tenant
    await deleteAnalysis(request.es, fastify.indices, tenant, request.params.id, { refresh: refreshOf(request), ...ifMatch(request, fastify.etags) })
    await fastify.tenantWritten(tenant)
    return reply.code(204).send()
  })

  async function store (request: FastifyRequest<WriteRequest>, id: string, input: AnalysisInput): Promise<WriteResult> {
    const tenant = request.user.tenant
    const result = await putAnalysis(request.es, fastify.indices, tenant, id, input, {
      refresh: refreshOf(request),
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
