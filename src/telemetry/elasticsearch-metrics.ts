import type { Client, estypes } from '@elastic/elasticsearch'
import { Counter, Histogram, type Registry } from 'prom-client'
import { LATENCY_BUCKETS } from './http-metrics.ts'

interface DiagnosticResult {
  statusCode?: number | null
  body?: unknown
  meta: { request: { params: { method: string, path: string } }, duration?: number }
}

const DOC_OPERATIONS: Record<string, string> = { GET: 'get', HEAD: 'exists', PUT: 'index', POST: 'index', DELETE: 'delete' }
const INDEX_OPERATIONS: Record<string, string> = { GET: 'indices.get', HEAD: 'indices.exists', PUT: 'indices.create', DELETE: 'indices.delete' }
const RENAMED: Record<string, string> = { _pit: 'open_point_in_time', _refresh: 'indices.refresh', _aliases: 'indices.update_aliases', _alias: 'indices.get_alias', _analyze: 'indices.analyze' }

/**
 * The API an Elasticsearch request called, from its method and path (the diagnostic events carry no API name):
 * the first `_endpoint` segment names it, index names and ids never do (they cannot start with `_`), so the label
 * stays bounded. Names follow the client's API names.
 */
export function esOperation (method: string, path: string): string {
  const segments = path.split('?')[0]!.split('/').filter(Boolean)
  const at = segments.findIndex(segment => segment.startsWith('_'))
  if (at === -1) return segments.length === 0 ? 'info' : INDEX_OPERATIONS[method] ?? 'indices'
  const endpoint = segments[at]!
  if (endpoint === '_doc') return DOC_OPERATIONS[method] ?? 'doc'
  if (endpoint === '_pit' && method === 'DELETE') return 'close_point_in_time'
  if (endpoint === '_cluster' || endpoint === '_nodes' || endpoint === '_cat') return `${endpoint.slice(1)}.${segments[at + 1]?.replace(/^_/, '') ?? 'info'}`
  return RENAMED[endpoint] ?? endpoint.slice(1)
}

/** `http_<status>` for an answer of Elasticsearch, else the client's error class (ConnectionError, TimeoutError, …). */
function errorKind (error: Error, result: DiagnosticResult): string {
  return error.name === 'ResponseError' && typeof result.statusCode === 'number' ? `http_${result.statusCode}` : error.name
}

/**
 * Latency and errors per operation, and bulk items by result, from the client's diagnostic events: the shared
 * client and its per-request children report through one emitter. Returns the function that detaches them.
 */
export function elasticsearchMetrics (registry: Registry, client: Client): () => void {
  const latency = new Histogram<'operation'>({ name: 'ias_elasticsearch_request_duration_seconds', help: 'Elasticsearch requests (the last attempt), by operation', labelNames: ['operation'], buckets: LATENCY_BUCKETS, registers: [registry] })
  const errors = new Counter<'operation' | 'error'>({ name: 'ias_elasticsearch_request_errors_total', help: 'Elasticsearch requests that failed, by operation and error (http_<status> or the client error class)', labelNames: ['operation', 'error'], registers: [registry] })
  const items = new Counter<'result'>({ name: 'ias_elasticsearch_bulk_items_total', help: 'Items of bulk requests by result (created, updated, deleted, noop, not_found, rejected = 429, failed)', labelNames: ['result'], registers: [registry] })

  const onResponse = (error: Error | null, result: DiagnosticResult | null): void => {
    if (result === null) return
    const { method, path } = result.meta.request.params
    const operation = esOperation(method, path)
    if (result.meta.duration !== undefined) latency.labels(operation).observe(result.meta.duration / 1000)
    if (error !== null) errors.labels(operation, errorKind(error, result)).inc()
    else if (operation === 'bulk') countItems(items, (result.body as estypes.BulkResponse | undefined)?.items)
  }
  client.diagnostic.on('response', onResponse as never)
  return () => { client.diagnostic.off('response', onResponse as never) }
}

function countItems (items: Counter<'result'>, answered: estypes.BulkResponse['items'] | undefined): void {
  for (const item of answered ?? []) {
    const outcome = Object.values(item)[0]
    if (outcome === undefined) continue
    const result = outcome.error === undefined && outcome.status < 300 ? outcome.result ?? 'ok' : outcome.status === 429 ? 'rejected' : 'failed'
    items.labels(result).inc()
  }
}
