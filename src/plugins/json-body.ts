import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../http/errors.ts'
import { limitProblem, parseJson } from '../http/parse-json.ts'
import { checkLimits } from '../search/analyses/document-limits.ts'

/**
 * JSON bodies are parsed by JSON.parse (which never touches prototypes) and then walked once: keys such as
 * `__proto__`, `constructor` and `prototype` and the structural limits of an analysis are refused with a
 * pointer. Routes with other needs (bulk) register their own parser in their scope.
 */
async function jsonBody (fastify: FastifyInstance): Promise<void> {
  fastify.removeContentTypeParser('application/json')
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string))
    } catch (error) {
      done(error as Error, undefined)
    }
  })
}

/** Parses a JSON text and checks its structure, or throws the problem that names what is wrong. */
function parseJsonBody (text: string): unknown {
  if (text.trim() === '') throw new ProblemError('EMPTY_BODY', 'The body is empty; send a JSON document')
  const value = parseJson(text)
  const violation = checkLimits(value)
  if (violation !== null) throw limitProblem(violation)
  return value
}

export const jsonBodyPlugin = fp(jsonBody, { name: 'json-body' })
