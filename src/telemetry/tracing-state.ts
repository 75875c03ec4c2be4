/**
 * Whether this process traces, set once by the preload that started the SDK. The app reads it to turn on what
 * costs something only when someone listens: the Elasticsearch client's spans, trace ids in log lines, the span
 * attributes of src/plugins/tracing.ts. Importing this module loads nothing of OpenTelemetry.
 */
let flush: (() => Promise<void>) | null = null

export function tracingEnabled (): boolean {
  return flush !== null
}

export function markTracing (forceFlush: () => Promise<void>): void {
  flush = forceFlush
}

/** Sends the spans still buffered (before an app closes: the process may exit right after). */
export async function flushTraces (): Promise<void> {
  await flush?.()
}
