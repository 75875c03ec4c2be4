import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { FacetSearchInputSchema, FacetSearchResponse, FacetValuesInputSchema, FacetValuesParams, FacetValuesResponse } from '../../schemas/facet-values.ts'
import { isFacetName } from '../../schemas/facets.ts'
import { problemResponses } from '../../schemas/problem.ts'
import { withEveryProblem } from '../../http/every-problem.ts'
import { canonicalQuery, searchParams } from '../../search/query/canonical-query.ts'
import { readAll } from '../../search/query/errors.ts'
import { facetValues, searchValues, valueSearch } from '../../search/query/facet-values.ts'
import { searchTarget, tenantVocabulary } from './search-target.ts'
import { applyVocabulary, withMergedTargets } from '../../search/vocabulary/query-vocabulary.ts'

const tags = ['search']
const MATCHING = 'Values starting with the text first, then values with a word starting with it, then values one typo away ' +
  '(texts of 5 to 24 characters; the first character must match). Counted among the hits of the search given by the ' +
  'selection parameters, each facet under every selection but its own; selected values are flagged.'

/** Facet typeahead: GET /v1/facets/{facet}/values (one facet) and GET /v1/facets (every facet at once). */
export const facetValuesRoutes: FastifyPluginAsyncTypebox = async fastify => {
  // attachValidation: withEveryProblem reports the schema's problems (path and query string) with the domain's.
  fastify.get('/facets/:facet/values', {
    config: { auth: 'reader' },
    attachValidation: true,
    schema: {
      tags,
      operationId: 'listFacetValues',
      summary: 'Values of one facet, optionally matching a text, among the hits of a search',
      description: `Takes the q, facet, source and focal parameters of /v1/search. ${MATCHING}`,
      params: FacetValuesParams,
      querystring: FacetValuesInputSchema,
      response: { 200: FacetValuesResponse, ...problemResponses() }
    }
  }, async (request, reply) => {
    const { facet } = request.params
    const { query, search } = withEveryProblem(request, 'querystring', valid => {
      const { prefix, size, ...selection } = valid as typeof request.query
      // An invalid {facet} is the path's problem, already reported: it is not counted again as a bad `facets`.
      const facets = isFacetName(facet) ? [facet] : []
      const [query, search] = readAll(() => canonicalQuery(searchParams({ ...selection, facets: [] })), () => valueSearch({ facets, text: prefix, size }))
      return { query, search }
    })
    return await fastify.cachedRead(request, reply, {
      kind: 'facet-values',
      key: { facet, ...search, query },
      compute: async () => {
        const vocabulary = await tenantVocabulary(fastify, request)
        return await facetValues(searchTarget(fastify, request), applyVocabulary(query, vocabulary), facet, withMergedTargets(search, vocabulary.merge))
      }
    })
  })

  fastify.get('/facets', {
    config: { auth: 'reader' },
    attachValidation: true,
    schema: {
      tags,
      operationId: 'searchFacetValues',
      summary: 'Values of every facet matching a text, among the hits of a search',
      description: `q is the value text; the search's own text is search_q, with the facet, source and focal parameters of /v1/search. ${MATCHING}`,
      querystring: FacetSearchInputSchema,
      response: { 200: FacetSearchResponse, ...problemResponses() }
    }
  }, async (request, reply) => {
    const { query, search } = withEveryProblem(request, 'querystring', valid => {
      const { q, search_q: searchQ, facets, size, ...selection } = valid as typeof request.query
      const [query, search] = readAll(
        () => canonicalQuery(searchParams({ ...selection, ...(searchQ !== undefined ? { q: searchQ } : {}), facets: [] })),
        () => valueSearch({ facets, text: q, size })
      )
      return { query, search }
    })
    return await fastify.cachedRead(request, reply, {
      kind: 'facet-values',
      key: { ...search, query },
      compute: async () => {
        const vocabulary = await tenantVocabulary(fastify, request)
        return await searchValues(searchTarget(fastify, request), applyVocabulary(query, vocabulary), withMergedTargets(search, vocabulary.merge))
      }
    })
  })
}
