import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedSpan {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind: number
  attributes: Record<string, string | number | boolean>
  scope: string
}

type AnyValue = { stringValue?: string, intValue?: number | string, boolValue?: boolean, doubleValue?: number }
interface ExportRequest {
  resourceSpans?: Array<{ scopeSpans?: Array<{ scope?: { name?: string }, spans?: Array<Omit<ReceivedSpan, 'attributes' | 'scope'> & { attributes?: Array<{ key: string, value: AnyValue }> }> }> }>
}

/**
 * An OTLP/HTTP receiver (JSON encoding) standing in for the users' collector: it keeps every span exported to
 * POST /v1/traces. The service under test exports to it through the standard OTEL_EXPORTER_OTLP_* variables.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = []
  readonly #server: Server

  private constructor (server: Server) { this.#server = server }

  static async listen (): Promise<OtlpReceiver> {
    const server = createServer((request, response) => {
      let body = ''
      request.on('data', chunk => { body += String(chunk) })
      request.on('end', () => {
        if (request.url === '/v1/traces' && request.method === 'POST') receiver.#take(JSON.parse(body) as ExportRequest)
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      })
    })
    const receiver = new OtlpReceiver(server)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    return receiver
  }

  get url (): string { return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}` }

  async close (): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise(resolve => this.#server.close(resolve))
  }

  #take (request: ExportRequest): void {
    for (const resource of request.resourceSpans ?? []) {
      for (const scoped of resource.scopeSpans ?? []) {
        for (const span of scoped.spans ?? []) {
          const attributes = Object.fromEntries((span.attributes ?? []).map(({ key, value }) =>
            [key, value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue)]))
          this.spans.push({ ...span, attributes, scope: scoped.scope?.name ?? '' })
        }
      }
    }
  }
}
