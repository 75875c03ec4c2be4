import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { bodyAjv, textAjv } from '../http/ajv.ts'

/** Route schemas compile with the body or the text validator (see src/http/ajv.ts for why there are two). */
async function validation (fastify: FastifyInstance): Promise<void> {
  fastify.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema))
}

export const validationPlugin = fp(validation, { name: 'validation' })
