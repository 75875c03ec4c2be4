import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ProblemError } from '../../http/errors.ts'
import { problemOf } from '../../http/validation-problem.ts'
import { FACETS, isFacetName } from '../../schemas/facets.ts'
import { problemResponses } from '../../schemas/problem.ts'
import { SuggestionsQuerySchema, SuggestionsSchema, VocabularyChangeSchema, VocabularyInputSchema, VocabularySchema } from '../../schemas/vocabulary.ts'
import { changeVocabulary, TooManyRolloutsError, VocabularyPreconditionError, vocabularyView, type Expected } from '../../search/vocabulary/change-vocabulary.ts'
import { suggestMerges } from '../../search/vocabulary/suggest-merges.ts'
import { vocabularyIssues, vocabularyOf } from '../../search/vocabulary/validate-vocabulary.ts'
import { readVocabulary } from '../../search/vocabulary/vocabulary-store.ts'

const tags = ['admin']

/** ETags of vocabularies: the tenant's own change counter, nothing about anyone else. */
function etagOf (version: number): string {
  return `"vocabulary-${version}"`
}

function expectedOf (header: string | undefined): Expected {
  if (header === undefined) return 'unsaid'
  if (header.trim() === '*') return 'any'
  const match = /^(?:W\/)?"vocabulary-(\d{1,9})"$/.exec(header.trim())
  // An ETag of something else never matches: 412, like a version that moved on.
  return { version: match === null ? -1 : Number(match[1]) }
}

/** The tenant's vocabulary (merges and synonyms, docs/vocabulary.md) and the merges its values suggest. */
export const adminVocabularyRoutes: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get('/admin/vocabulary', {
    config: { auth: 'admin' },
    schema: {
      tags,
      operationId: 'getVocabulary',
      summary: 'The tenant\'s vocabulary: facet value merges and synonym groups',
      description: 'Version 0 with nothing in it when the tenant has none. The ETag is what PUT takes as If-Match; `rederivation` says how far the documents are re-derived with the current merges.',
      response: { 200: VocabularySchema, ...problemResponses() }
    }
  }, async (request, reply) => {
    const { vocabulary } = await readVocabulary(request.es, fastify.indices, request.user.tenant)
    reply.header('etag', etagOf(vocabulary.version)).header('cache-control', 'private, no-cache')
    return await vocabularyView(request.es, fastify.indices, vocabulary)
  })

  fastify.put('/admin/vocabulary', {
    config: { auth: 'admin' },
    schema: {
      tags,
      operationId: 'putVocabulary',
      summary: 'Replace the tenant\'s vocabulary (the whole document)',
      description: 'If-Match with the current ETag is required once the tenant has a vocabulary (428 without, 412 when it moved on). ' +
        'Every problem of the document is listed in one 400. A change of merges answers 202 with the re-derivation job it started ' +
        '(filters also match documents not re-derived yet meanwhile); a change of synonyms alone answers 200. Either way every ' +
        'instance derives and answers with the new version once this is acknowledged.',
      body: VocabularyInputSchema,
      response: { 200: VocabularyChangeSchema, 202: VocabularyChangeSchema, ...problemResponses(409, 412, 428) }
    }
  }, async (request, reply) => {
    const tenant = request.user.tenant
    const issues = vocabularyIssues(request.body)
    if (issues.length > 0) throw problemOf(issues, false)
    let change
    try {
      change = await changeVocabulary(request.es, fastify.indices, tenant, vocabularyOf(request.body), expectedOf(request.headers['if-match']))
    } catch (error) {
      if (error instanceof VocabularyPreconditionError) throw new ProblemError(error.required ? 'PRECONDITION_REQUIRED' : 'PRECONDITION_FAILED', error.message)
      if (error instanceof TooManyRolloutsError) throw new ProblemError('CONFLICT', error.message)
      throw error
    }
    // Before answering: no instance serves a cached answer of the old vocabulary once the client hears back.
    await fastify.tenantWritten(tenant)
    const job = change.mergesChanged ? fastify.vocabularyJobs.start(tenant) : undefined
    const vocabulary = await vocabularyView(request.es, fastify.indices, change.stored)
    reply.header('etag', etagOf(change.stored.version)).header('location', '/v1/admin/vocabulary')
    return reply.code(job === undefined ? 200 : 202).send({ vocabulary, ...(job !== undefined ? { job } : {}) })
  })

  fastify.get('/admin/vocabulary/suggestions', {
    config: { auth: 'admin' },
    schema: {
      tags,
      operationId: 'suggestVocabularyMerges',
      summary: 'Candidate merges among the tenant\'s values of one facet',
      description: 'Pairs of values that look like one: case, hyphen or space variants, singular and plural, the same stem by the index\'s analyzer, a small edit distance; the rarer value is the source. Most documents affected first; values already merged are left out. Up to the 500 most frequent values are compared.',
      querystring: SuggestionsQuerySchema,
      response: { 200: SuggestionsSchema, ...problemResponses() }
    }
  }, async request => {
    const { facet } = request.query
    if (facet === undefined || !isFacetName(facet)) {
      const detail = facet === undefined ? 'query parameter \'facet\' is required' : `'${facet.slice(0, 64)}' is not a facet`
      throw problemOf([{ pointer: '/facet', detail: `${detail}; facets are ${FACETS.join(', ')}` }], false)
    }
    const tenant = request.user.tenant
    const { vocabulary } = await readVocabulary(request.es, fastify.indices, tenant)
    const found = await suggestMerges(request.es, fastify.indices.read, tenant, [facet], vocabulary.merge)
    return { facet, suggestions: found.get(facet) ?? [] }
  })
}
