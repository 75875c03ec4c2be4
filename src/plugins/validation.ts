import fp from 'fastify-plugin'
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false }

/**
 * Two validators on purpose. Query strings and path parameters arrive as text, so they are coerced
 * (`?size=5` is a number, a single `?mood=x` an array). Bodies are JSON and are never coerced: a caption sent
 * as a number is an error, not silently the string "123". Unknown fields are rejected, never stripped.
 */
async function validation (fastify: FastifyInstance): Promise<void> {
  const bodies = addFormats(new Ajv({ ...common, coerceTypes: false }))
  const text = addFormats(new Ajv({ ...common, coerceTypes: 'array' }))
  fastify.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodies : text).compile(schema))
}

export const validationPlugin = fp(validation, { name: 'validation' })
