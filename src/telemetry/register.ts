/**
 * Preload of the service (`node --import ./src/telemetry/register.ts src/server.ts`: npm start, the Dockerfile,
 * the bench's service). Tracing has to start before Fastify, ioredis and the Elasticsearch client are imported,
 * so that their instrumentation applies; without OTEL_* variables asking for traces, nothing is loaded at all.
 */
import { tracingWanted } from './tracing-wanted.ts'

if (tracingWanted(process.env)) {
  await import('./start-tracing.ts')
} else {
  // The Elasticsearch client's built-in spans default to on (reading this variable when a client is made): with
  // no tracer they would build span attributes for nothing on every request.
  process.env.OTEL_ELASTICSEARCH_ENABLED ??= 'false'
}
