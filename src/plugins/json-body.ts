import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../http/errors.ts'
import { checkLimits } from '../search/analyses/document-limits.ts'

/** Parses a JSON text and checks its structure, or throws the problem that names what is wrong. */
export function parseJsonBody (text: string): unknown {
  if (text.trim() === '') throw new ProblemError('EMPTY_BODY', 'The body is empty; send a JSON document')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    // V8's message names the position ("Unexpected token } in JSON at position 12"); it reveals nothing internal.
    throw new ProblemError('INVALID_JSON', `The body is not valid JSON: ${(error as Error).message}`)
  }
  const violation = checkLimits(value)
  if (violation !== null) {
    throw new ProblemError('DOCUMENT_LIMIT', `${violation.detail} at ${violation.pointer}`, { errors: [violation] })
  }
  return value
}

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

export const jsonBodyPlugin = fp(jsonBody, { name: 'json-body' })
