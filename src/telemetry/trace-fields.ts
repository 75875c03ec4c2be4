import { trace } from '@opentelemetry/api'

/**
 * pino mixin: every log line written while a span is active carries its `trace_id` and `span_id`, so a log line
 * leads to its trace and back. Installed only when tracing is on (src/app-options.ts).
 */
export function traceFields (): Record<string, string> {
  const span = trace.getActiveSpan()
  if (span === undefined) return {}
  const { traceId, spanId } = span.spanContext()
  return { trace_id: traceId, span_id: spanId }
}
