import fp from 'fastify-plugin'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { bodyAjv, textAjv } from '../http/ajv.ts'
import { refuseBody } from '../http/no-input.ts'
import { NoQuery } from '../schemas/empty.ts'

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Route schemas compile with the body or the text validator (see src/http/ajv.ts for why there are two). API
 * routes that declare no query string or no body refuse one: unknown input is an error, never silently ignored
 * (a stray `?tenant=` or `{"tenant": …}` must not look accepted).
 */
async function validation (fastify: FastifyInstance): Promise<void> {
  fastify.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema))
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/v1/')) return
    route.schema = { ...route.schema, querystring: route.schema?.querystring ?? NoQuery }
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (route.schema.body === undefined && methods.some(method => WITH_BODY.has(method))) {
      route.preValidation = [refuseBody, ...(route.preValidation === undefined ? [] : [route.preValidation].flat())]
    }
  })
}

export const validationPlugin = fp(validation, { name: 'validation' })
