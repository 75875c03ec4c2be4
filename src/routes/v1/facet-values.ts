import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../schemas/problem.ts'
import { FacetValuesInputSchema, FacetValuesParams, FacetValuesResponse } from '../../schemas/search.ts'
import { canonicalJson } from '../../search/canonical-json.ts'
import { canonicalQuery, searchParams } from '../../search/query/canonical-query.ts'
import { facetValues } from '../../search/query/facet-values.ts'
import { searchTarget } from './search-target.ts'

/** GET /v1/facets/{facet}/values: typeahead of one facet's values within the current search. */
export const facetValuesRoutes: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get('/facets/:facet/values', {
    config: { auth: 'reader' },
    schema: {
      tags: ['search'],
      operationId: 'listFacetValues',
      summary: 'Values of one facet, optionally by prefix, among the hits of a search',
      description: 'Takes the q, facet and focal parameters of /v1/search. The facet\'s own selection is left out (its values ' +
        'are counted under the other selections); selected values are flagged.',
      params: FacetValuesParams,
      querystring: FacetValuesInputSchema,
      response: { 200: FacetValuesResponse, ...problemResponses() }
    }
  }, async (request, reply) => {
    const { prefix, size, ...selection } = request.query
    const query = canonicalQuery(searchParams({ ...selection, facets: [] }))
    const { facet } = request.params
    const options = { facet, size: size ?? 10, ...(prefix !== undefined ? { prefix: prefix.toLowerCase() } : {}) }
    return await fastify.cachedRead(request, reply, {
      kind: 'facet-values',
      key: `${facet}\n${options.size}\n${options.prefix ?? ''}\n${canonicalJson(query)}`,
      compute: async () => await facetValues(searchTarget(fastify, request), query, options)
    })
  })
}
