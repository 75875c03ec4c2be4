import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams } from '../../../schemas/analysis.ts'
import { problemResponses } from '../../../schemas/problem.ts'
import { SimilarInputSchema, SimilarResponse, type SimilarInput } from '../../../schemas/search.ts'
import { withEveryProblem } from '../../../http/every-problem.ts'
import { similarAnalyses, similarQuery } from '../../../search/query/similar-analyses.ts'
import { searchTarget } from '../search-target.ts'

/** GET /v1/analyses/{id}/similar: cached like a search, keyed by tenant (the cache's), id and parameters. */
export const similarAnalysesRoutes: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get('/analyses/:id/similar', {
    config: { auth: 'reader' },
    attachValidation: true,
    schema: {
      tags: ['analyses', 'search'],
      operationId: 'similarAnalyses',
      summary: 'The tenant\'s analyses most like this one',
      description: 'more_like_this over the caption and the analysis text, plus the facet values they share, among the token\'s tenant\'s analyses ' +
        'only, the analysis itself excluded; the search\'s selection (q, facet values, source, focal lengths) narrows the candidates. ' +
        '404 for an id the tenant does not have (another tenant\'s included). Hits are shaped like search hits (fields=).',
      params: IdParams,
      querystring: SimilarInputSchema,
      response: { 200: SimilarResponse, ...problemResponses(404) }
    }
  }, async (request, reply) => {
    const query = withEveryProblem(request, 'querystring', valid => similarQuery(valid as SimilarInput))
    const { id } = request.params
    return await fastify.cachedRead(request, reply, {
      kind: 'similar',
      key: { id, query },
      compute: async () => await similarAnalyses(searchTarget(fastify, request), fastify.indices, id, query)
    })
  })
}
