import type { FastifyInstance } from 'fastify'
import { problemResponses } from '../../http/problem-schema.ts'
import type { FacetName } from '../../search/facets/facet-names.ts'
import { canonicalJson } from '../../search/canonical-json.ts'
import { canonicalQuery } from '../../search/query/canonical-query.ts'
import { facetValues } from '../../search/query/facet-values.ts'
import type { FacetValuesInput } from './search-schemas.ts'
import { asFacetValuesResponse, FacetValuesInputSchema, FacetValuesParams, FacetValuesResponse, searchParams, searchTarget } from './search-schemas.ts'

/** GET /v1/facets/{facet}/values: typeahead of one facet's values within the current search. */
export async function facetValuesRoutes (fastify: FastifyInstance): Promise<void> {
  fastify.get<{ Params: { facet: FacetName }, Querystring: FacetValuesInput }>('/facets/:facet/values', {
    config: { auth: 'reader' },
    schema: {
      tags: ['search'],
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
    return fastify.cachedRead(request, reply, {
      kind: 'facet-values',
      key: `${facet}\n${options.size}\n${options.prefix ?? ''}\n${canonicalJson(query)}`,
      compute: async () => asFacetValuesResponse(facet, await facetValues(searchTarget(fastify, request), query, options))
    })
  })
}
