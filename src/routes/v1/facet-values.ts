import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { FacetSearchInputSchema, FacetSearchResponse, FacetValuesInputSchema, FacetValuesParams, FacetValuesResponse } from '../../schemas/facet-values.ts'
import { problemResponses } from '../../schemas/problem.ts'
import { canonicalQuery, searchParams } from '../../search/query/canonical-query.ts'
import { facetValues, searchValues, valueSearch } from '../../search/query/facet-values.ts'
import { searchTarget } from './search-target.ts'

const tags = ['search']
const MATCHING = 'Values starting with the text first, then values with a word starting with it, then values one typo away ' +
  '(texts of 5 to 32 characters; the first character must match). Counted among the hits of the search given by the ' +
  'selection parameters, each facet under every selection but its own; selected values are flagged.'

/** Facet typeahead: GET /v1/facets/{facet}/values (one facet) and GET /v1/facets (every facet at once). */
export const facetValuesRoutes: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get('/facets/:facet/values', {
    config: { auth: 'reader' },
    schema: {
      tags,
      summary: 'Values of one facet, optionally matching a text, among the hits of a search',
      description: `Takes the q, facet, source and focal parameters of /v1/search. ${MATCHING}`,
      params: FacetValuesParams,
      querystring: FacetValuesInputSchema,
      response: { 200: FacetValuesResponse, ...problemResponses() }
    }
  }, async (request, reply) => {
    const { prefix, size, ...selection } = request.query
    const query = canonicalQuery(searchParams({ ...selection, facets: [] }))
    const { facet } = request.params
    const search = valueSearch({ facets: [facet], text: prefix, size })
    return await fastify.cachedRead(request, reply, {
      kind: 'facet-values',
      key: { facet, ...search, query },
      compute: async () => await facetValues(searchTarget(fastify, request), query, facet, search)
    })
  })

  fastify.get('/facets', {
    config: { auth: 'reader' },
    schema: {
      tags,
      summary: 'Values of every facet matching a text, among the hits of a search',
      description: `q is the value text; the search's own text is search_q, with the facet, source and focal parameters of /v1/search. ${MATCHING}`,
      querystring: FacetSearchInputSchema,
      response: { 200: FacetSearchResponse, ...problemResponses() }
    }
  }, async (request, reply) => {
    const { q, search_q: searchQ, facets, size, ...selection } = request.query
    const query = canonicalQuery(searchParams({ ...selection, ...(searchQ !== undefined ? { q: searchQ } : {}), facets: [] }))
    const search = valueSearch({ facets, text: q, size })
    return await fastify.cachedRead(request, reply, {
      kind: 'facet-values',
      key: { ...search, query },
      compute: async () => await searchValues(searchTarget(fastify, request), query, search)
    })
  })
}
