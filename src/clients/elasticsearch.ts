import { AsyncLocalStorage } from 'node:async_hooks'
import { Client, SniffingTransport } from '@elastic/elasticsearch'
import type { Config } from '../config/load-config.ts'

/**
 * The id of the HTTP request a call to Elasticsearch is made for, sent as its X-Opaque-Id (slow logs, tasks and
 * deprecation logs name it). Carried by the async context rather than by a child client per request: building a
 * client and its transport cost some 140 µs of CPU per uncached search.
 */
export const opaqueIds = new AsyncLocalStorage<string>()

class RequestIdTransport extends SniffingTransport {}
const send = SniffingTransport.prototype.request
RequestIdTransport.prototype.request = function (this: SniffingTransport, params: Parameters<typeof send>[0], options?: Parameters<typeof send>[1]) {
  const opaqueId = options?.opaqueId ?? opaqueIds.getStore()
  return send.call(this, params, opaqueId === undefined ? options : { ...options, opaqueId })
} as typeof send

/**
 * The Elasticsearch client every part of the project uses (service, scripts, benchmarks): the configured nodes,
 * credentials and CA, the request timeout, and one retry.
 */
export function createEsClient (config: Config['elasticsearch']): Client {
  return new Client({
    nodes: config.nodes,
    ...(config.auth !== undefined ? { auth: config.auth } : {}),
    ...(config.caCert !== undefined ? { tls: { ca: config.caCert } } : {}),
    requestTimeout: config.requestTimeoutMs,
    maxRetries: 1,
    name: 'image-analyses-search',
    Transport: RequestIdTransport
  })
}
