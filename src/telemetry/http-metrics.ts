import type { FastifyReply, FastifyRequest } from 'fastify'
import { Counter, Histogram, type Registry } from 'prom-client'

/** The route label of requests no route matched (404s, 405s): one series, whatever the URL was. */
const UNMATCHED_ROUTE = '(unmatched)'

/** Seconds; from a cached read (about a millisecond) to the Elasticsearch request timeout. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

type Label = 'method' | 'route' | 'status_class'

/**
 * Requests and their latency by route pattern (never the URL), method and status class: bounded labels only.
 * Returns the onResponse observer. The series of a label set are looked up once, then kept: prom-client would
 * otherwise hash the labels on every request.
 */
export function httpMetrics (registry: Registry): (request: FastifyRequest, reply: FastifyReply) => void {
  const labelNames: Label[] = ['method', 'route', 'status_class']
  const requests = new Counter<Label>({ name: 'ias_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status class', labelNames, registers: [registry] })
  const latency = new Histogram<Label>({ name: 'ias_http_request_duration_seconds', help: 'Time from receiving a request to the end of its answer', labelNames, buckets: LATENCY_BUCKETS, registers: [registry] })
  const series = new Map<string, { count: Counter.Internal, time: Histogram.Internal<Label> }>()
  return (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE
    const statusClass = `${Math.floor(reply.statusCode / 100)}xx`
    const key = `${request.method} ${statusClass} ${route}`
    let one = series.get(key)
    if (one === undefined) {
      const labels = { method: request.method, route, status_class: statusClass }
      one = { count: requests.labels(labels), time: latency.labels(labels) }
      series.set(key, one)
    }
    one.count.inc()
    one.time.observe(reply.elapsedTime / 1000)
  }
}
