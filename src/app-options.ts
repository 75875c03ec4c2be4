import { randomUUID } from 'node:crypto'
import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config/load-config.ts'

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Bodies larger than this are refused before parsing; routes that accept more (bulk) raise it for themselves. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024

/**
 * The Fastify factory options, exported on their own so the server and the tests build exactly the same app.
 */
export function fastifyOptions (config: Config): FastifyServerOptions {
  return {
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' }
    },
    // A caller's x-request-id is kept when it is a sane token, so traces join up across services.
    requestIdHeader: 'x-request-id',
    requestIdLogLabel: 'request_id',
    genReqId: request => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    // proxy-addr also accepts a hop count, which Fastify's types do not list.
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    bodyLimit: DEFAULT_BODY_LIMIT,
    requestTimeout: config.server.requestTimeoutMs,
    keepAliveTimeout: config.server.keepAliveTimeoutMs,
    connectionTimeout: config.server.requestTimeoutMs,
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 256 }
  }
}
