import { createRequire } from 'node:module'
import { FastifyOtelInstrumentation } from '@fastify/otel'
import { trace, type Attributes, type ProxyTracerProvider } from '@opentelemetry/api'
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace'
import type { FastifyRequest } from 'fastify'
import { SERVICE_VERSION } from '../version.ts'
import { markTracing } from './tracing-state.ts'

/** Span attributes that would carry a tenant: the Elasticsearch client names the document (`<tenant>:<id>`). */
const REDACTED = ['db.operation.parameter.id']

/** Overwrites tenant-bearing attributes as spans start, before any exporter can see them. */
const redactor: SpanProcessor = {
  onStart (span) {
    const attributes = (span as unknown as { attributes?: Attributes }).attributes ?? {}
    for (const name of REDACTED) if (name in attributes) span.setAttribute(name, '[redacted]')
  },
  onEnd () {},
  forceFlush: async () => {},
  shutdown: async () => {}
}

/** OTEL_TRACES_EXPORTER (otlp, console) and OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL (http/protobuf, http/json). */
function processors (env: NodeJS.ProcessEnv): SpanProcessor[] {
  const names = (env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map(name => name.trim()).filter(Boolean)
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf').trim()
  const out: SpanProcessor[] = [redactor]
  for (const name of names) {
    if (name === 'console') out.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }))
    else if (name === 'otlp') out.push(new BatchSpanProcessor({ exporter: protocol === 'http/json' ? new JsonExporter() : new ProtobufExporter(), ...batchOptions(env) }))
    else process.emitWarning(`OTEL_TRACES_EXPORTER=${name} is not supported here (otlp, console): ignored`)
  }
  return out
}

/** The standard OTEL_BSP_* variables, which a processor built here (not by the SDK) must read itself. */
function batchOptions (env: NodeJS.ProcessEnv) {
  const number = (name: string) => {
    const value = Number(env[name])
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(value) && value > 0 ? value : undefined
  }
  const options = {
    scheduledDelayMillis: number('OTEL_BSP_SCHEDULE_DELAY'),
    exportTimeoutMillis: number('OTEL_BSP_EXPORT_TIMEOUT'),
    maxQueueSize: number('OTEL_BSP_MAX_QUEUE_SIZE'),
    maxExportBatchSize: number('OTEL_BSP_MAX_EXPORT_BATCH_SIZE')
  }
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
}

/**
 * The official Node SDK with what it reads from the standard variables (resource, sampler, propagators, OTLP
 * endpoint, headers, batch settings), traces only: metrics are Prometheus's (docs/operations.md) and logs go to
 * stdout, unless OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER ask for OTLP too.
 *   - @fastify/otel: the server span of each request (named by route pattern, W3C traceparent honoured), with
 *     child spans per hook and handler;
 *   - ioredis: one span per command, named by the command only (its keys carry the tenant);
 *   - Elasticsearch: the client's built-in spans (turned on by src/plugins/elasticsearch.ts when tracing).
 */
process.env.OTEL_METRICS_EXPORTER ??= 'none'
process.env.OTEL_LOGS_EXPORTER ??= 'none'
// Ours first: a service.version the operator sets comes later in the list and wins.
process.env.OTEL_RESOURCE_ATTRIBUTES = [`service.version=${SERVICE_VERSION}`, process.env.OTEL_RESOURCE_ATTRIBUTES].filter(Boolean).join(',')
const sdk = new NodeSDK({
  serviceName: process.env.OTEL_SERVICE_NAME ?? 'image-analyses-search',
  spanProcessors: processors(process.env),
  instrumentations: [
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      requestHook: (span, request) => {
        const { method, routeOptions, url } = request as unknown as FastifyRequest
        span.updateName(`${method} ${routeOptions.url ?? '(unmatched)'}`)
        // The query string holds the search text (tenant data): the path is enough to tell requests apart.
        span.setAttribute('url.path', url.split('?')[0]!)
      }
    }),
    new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: command => command })
  ]
})
sdk.start()
// The instrumentation patches ioredis when it is require()d; the service imports it as ESM, which require hooks do
// not see. Requiring it here patches the one class the later import gets (Node keeps one copy of a CJS module).
createRequire(import.meta.url)('ioredis')
const provider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as { forceFlush?: () => Promise<void> }
markTracing(async () => { await provider.forceFlush?.() })
process.once('beforeExit', () => { sdk.shutdown().catch(() => {}) })
