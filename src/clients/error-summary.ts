import { errors, type estypes } from '@elastic/elasticsearch'

/** What a log line says about an error: never a request or response body, never a command's arguments. */
export interface ErrorSummary {
  type: string
  message: string
  /** Elasticsearch: method and endpoint (`POST _bulk`, `PUT _doc`), without index or document id. */
  operation?: string
  index?: string
  status?: number
  /** Elasticsearch: the error type it named (and its root causes'), e.g. `document_parsing_exception`. */
  error_type?: string
  reason?: string
  /** Redis: the command's name, never its arguments (keys name tenants, values are cached answers). */
  command?: string
  code?: string
  stack?: string
  cause?: ErrorSummary
}

const MAX_TEXT = 300

/**
 * Elasticsearch quotes the document in its reasons ("Preview of field's value: '…'", "The prefix of the first
 * immense term is: '…'", "in document with id '…'"): everything from such a phrase on is cut, other text in single
 * quotes (values; field names come in [brackets]) is blanked, and what is left is capped.
 */
export function scrubReason (text: string): string {
  const cut = text.split(/\.?\s*(?:Preview of field's value|The prefix of the first immense term|in document with id|original message)\b/)[0]!
  const blanked = cut.replace(/(^|[\s:=([,])'[^']*'/g, "$1'…'")
  return blanked.length > MAX_TEXT ? `${blanked.slice(0, MAX_TEXT)}…` : blanked
}

interface RequestParams { method?: string, path?: string }

/** `PUT /catalog-v1/_doc/some-id` → operation `PUT _doc`, index `catalog-v1`. */
function endpoint (params: RequestParams | undefined): Pick<ErrorSummary, 'operation' | 'index'> {
  if (params?.path === undefined) return {}
  const segments = params.path.split('?')[0]!.split('/').filter(segment => segment !== '')
  const index = segments[0]?.startsWith('_') === false ? decodeURIComponent(segments[0]) : undefined
  const api = segments.filter(segment => segment.startsWith('_')).join('/')
  return { operation: `${params.method ?? ''} ${api === '' ? '/' : api}`.trim(), ...(index !== undefined ? { index } : {}) }
}

function esSummary (error: errors.ElasticsearchClientError): ErrorSummary {
  const meta = (error as { meta?: { statusCode?: number, body?: unknown, meta?: { request?: { params?: RequestParams } } } }).meta
  const summary: ErrorSummary = { type: error.name, message: '', ...endpoint(meta?.meta?.request?.params) }
  if (error instanceof errors.ResponseError) {
    const cause = (meta?.body as { error?: estypes.ErrorCause } | undefined)?.error
    summary.status = error.statusCode ?? meta?.statusCode ?? 0
    if (cause !== undefined) {
      const roots = (cause.root_cause ?? []).map(root => root.type).filter(type => type !== cause.type)
      summary.error_type = [cause.type, ...new Set(roots)].join(', ')
      summary.reason = scrubReason(String(cause.reason ?? ''))
    }
    summary.message = summary.error_type ?? `status ${summary.status}`
  } else {
    // Connection, timeout, no living node, serialization: the client's own words, which quote no document.
    summary.message = scrubReason(error.message)
  }
  return summary
}

interface RedisLikeError extends Error { command?: { name?: unknown }, code?: unknown }

/**
 * The `err` of every log line (pino serializer): Elasticsearch and Redis failures as a compact summary (operation,
 * index, status, error type, reason; Redis command name), other errors as type, message and stack.
 */
export function summarizeError (value: unknown, depth = 0): ErrorSummary | unknown {
  if (!(value instanceof Error)) return value
  if (value instanceof errors.ElasticsearchClientError) return esSummary(value)
  const error = value as RedisLikeError
  const summary: ErrorSummary = { type: error.name, message: scrubReason(error.message) }
  if (typeof error.command?.name === 'string') summary.command = error.command.name
  if (typeof error.code === 'string') summary.code = error.code
  // Redis errors' stacks are ioredis's internals; ours say where a bug is. The frames only: line one repeats the message.
  if (summary.command === undefined && error.stack !== undefined) summary.stack = error.stack.split('\n').filter(line => /^\s+at /.test(line)).join('\n')
  if (error.cause !== undefined && depth < 3) summary.cause = summarizeError(error.cause, depth + 1) as ErrorSummary
  return summary
}
