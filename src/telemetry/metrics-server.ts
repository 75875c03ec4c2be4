import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'

/**
 * The scrape endpoint on its own listener: no token, no rate limit, no tenant data, and never reachable through
 * the API's port (a proxy in front of the API cannot expose it by accident). GET /metrics only.
 */
export async function listenMetrics (registry: Registry, host: string, port: number): Promise<{ server: Server, address: AddressInfo }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(path === '/metrics' ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8', ...(path === '/metrics' ? { allow: 'GET, HEAD' } : {}) })
      response.end(path === '/metrics' ? 'GET /metrics\n' : 'Not found: the metrics are at /metrics\n')
      return
    }
    registry.metrics().then(text => {
      response.writeHead(200, { 'content-type': registry.contentType })
      response.end(request.method === 'HEAD' ? undefined : text)
    }, () => {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      response.end('metrics collection failed\n')
    })
  })
  // Scrapers keep connections open between scrapes; a close must not wait for them.
  server.keepAliveTimeout = 65_000
  server.listen(port, host)
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => { throw error })])
  return { server, address: server.address() as AddressInfo }
}
