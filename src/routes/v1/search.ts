import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { problemResponses } from '../../schemas/problem.ts'
import { SearchInputSchema, SearchResponse, type SearchInput } from '../../schemas/search.ts'
import { inputOf, withEveryProblem } from '../../http/every-problem.ts'
import { ParsedQueries } from '../../http/parsed-queries.ts'
import { canonicalKey } from '../../search/cache/keys.ts'
import { canonicalQuery, searchParams, type CanonicalQuery } from '../../search/query/canonical-query.ts'
import { searchAnalyses } from '../../search/query/search-analyses.ts'
import { facetValuesRoutes } from './facet-values.ts'
import { searchTarget, tenantVocabulary } from './search-target.ts'
import { applyVocabulary } from '../../search/vocabulary/query-vocabulary.ts'

const tags = ['search']
const description = 'Full-text search with disjunctive facet counts: a facet\'s counts apply every other selection but ' +
  'not its own. Page with next_cursor (see docs/search.md).'

/** GET and POST /v1/search (the same fields; POST for long selections), and facet typeahead. */
export const searchRoutes: FastifyPluginAsyncTypebox = async fastify => {
  // attachValidation: withEveryProblem reports the schema's problems together with the domain's.
  fastify.get('/search', {
    config: { auth: 'reader' },
    attachValidation: true,
    schema: { tags, operationId: 'searchAnalyses', summary: 'Search analyses', description, querystring: SearchInputSchema, response: { 200: SearchResponse, ...problemResponses() } }
  }, async (request, reply) => run(request, reply, 'querystring'))

  fastify.post('/search', {
    config: { auth: 'reader', rateBudget: 'read' },
    attachValidation: true,
    schema: { tags, operationId: 'searchAnalysesByBody', summary: 'Search analyses (selection in a JSON body)', description: `${description} The same fields as GET, for selections too long for a URL.`, body: SearchInputSchema, response: { 200: SearchResponse, ...problemResponses(413, 415) } }
  }, async (request, reply) => run(request, reply, 'body'))

  await fastify.register(facetValuesRoutes)

  const firstPages = new ParsedQueries<{ query: CanonicalQuery, key: string }>()

  // First pages are cached (hot queries); cursor pages are one client's walk through a snapshot and are not.
  async function run (request: FastifyRequest, reply: FastifyReply, part: 'querystring' | 'body') {
    const input = inputOf(request, part) as SearchInput | undefined
    const parse = () => {
      const query = withEveryProblem(request, part, valid => canonicalQuery(searchParams(valid as SearchInput)))
      return { query, key: canonicalKey(query) }
    }
    // A first page by GET is the hot cached read: its URL's canonical query is remembered (src/http/parsed-queries.ts).
    const { query, key } = part === 'querystring' && input?.cursor === undefined ? firstPages.of(request, parse) : parse()
    const compute = async () => await searchAnalyses(searchTarget(fastify, request), applyVocabulary(query, await tenantVocabulary(fastify, request)), input?.cursor)
    if (input?.cursor !== undefined) return await compute()
    return await fastify.cachedRead(request, reply, { kind: 'search', key, compute })
  }
}
