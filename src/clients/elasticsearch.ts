import { Client } from '@elastic/elasticsearch'
import type { Config } from '../config/load-config.ts'

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
    name: 'image-analyses-search'
  })
}
