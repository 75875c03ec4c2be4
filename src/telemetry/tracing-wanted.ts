/**
 * Whether the standard OpenTelemetry variables ask for traces: an OTLP endpoint, or a traces exporter other than
 * `none`, and the SDK not disabled. Read by the preload (src/telemetry/register.ts) before anything else loads,
 * so that without them the SDK is never even imported.
 */
export function tracingWanted (env: Record<string, string | undefined>): boolean {
  const set = (name: string) => (env[name] ?? '').trim() !== ''
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false
  if (set('OTEL_TRACES_EXPORTER')) return !env.OTEL_TRACES_EXPORTER!.split(',').map(name => name.trim()).includes('none')
  return set('OTEL_EXPORTER_OTLP_ENDPOINT') || set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT')
}
