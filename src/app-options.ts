import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import type { FastifyHttpOptions, FastifyServerOptions } from 'fastify'
import { summarizeError } from './clients/error-summary.ts'
import type { Config } from './config/load-config.ts'
import { clientErrorHandler } from './http/client-error.ts'
import { toProblem } from './http/map-error.ts'
import { sendProblem } from './http/problem-writer.ts'
import { traceFields } from './telemetry/trace-fields.ts'
import { tracingEnabled } from './telemetry/tracing-state.ts'

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/
// Credentials a client may wrongly put in a URL (refused by the API, but the URL is still logged).
const SECRET_PARAM = /([?&][^=&]*(?:token|jwt|key|secret|password|auth)[^=&]*=)[^&#]*/gi
const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g

export function redactUrl (url: string): string {
  return url.replace(SECRET_PARAM, '$1[redacted]').replace(JWT_LIKE, '[redacted]')
}

// Fastify types the serializer as returning pino's own shape (with a stack); a summary may have none.
type ErrSerializer = (error: Error) => { type: string, message: string, stack: string }
const logError = summarizeError as ErrSerializer

/** Bodies larger than this are refused before parsing; routes that accept more (bulk) raise it for themselves. */
const DEFAULT_BODY_LIMIT = 1024 * 1024

/** Slow-header (slowloris) bound; never above the whole-request timeout, which Node requires. */
const HEADERS_TIMEOUT_MS = 10_000

/**
 * Every server timeout, in one place. Node enforces headersTimeout and requestTimeout only when it sweeps its
 * connections (every 30 s by default), so the sweep runs often enough for the deadlines to mean what they say.
 */
export function serverTimeouts (server: Config['server']) {
  const headersTimeout = Math.min(HEADERS_TIMEOUT_MS, server.requestTimeoutMs)
  return {
    headersTimeout,
    requestTimeout: server.requestTimeoutMs,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.floor(headersTimeout / 2))
  }
}

/**
 * The Fastify factory options, exported on their own so the server and the tests build exactly the same app.
 */
export function fastifyOptions (config: Config): FastifyHttpOptions<Server> {
  const timeouts = serverTimeouts(config.server)
  return {
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' },
      serializers: {
        req: request => ({ method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort }),
        // Elasticsearch and Redis errors carry the request body, the answer and the command's arguments (tenant
        // documents, cached answers): logged as a compact summary instead (src/clients/error-summary.ts).
        err: logError,
        error: logError
      },
      // trace_id/span_id on every line written inside a span; nothing to compute when tracing is off.
      ...(tracingEnabled() ? { mixin: traceFields } : {})
    },
    // A caller's x-request-id is kept when it is a sane token, so traces join up across services. Fastify would
    // take the header as it is; genReqId checks it first.
    requestIdHeader: false,
    genReqId: request => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    // proxy-addr also accepts a hop count, which Fastify's types do not list.
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Passed to http.createServer, where headersTimeout and the sweep interval can only be set.
    http: { headersTimeout: timeouts.headersTimeout, requestTimeout: timeouts.requestTimeout, connectionsCheckingInterval: timeouts.connectionsCheckingInterval },
    requestTimeout: timeouts.requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    // Socket inactivity while a request is in progress (keepAliveTimeout applies between requests).
    connectionTimeout: timeouts.requestTimeout,
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 256 },
    // Router-level failures (a malformed or over-long URL) leave as problems too.
    frameworkErrors: (error, request, reply) => { sendProblem(request, reply, toProblem(error)) },
    clientErrorHandler
  }
}
