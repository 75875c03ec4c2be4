import type { Server } from 'node:http'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client'
import type { Config } from '../config/load-config.ts'
import { cacheMetrics } from '../telemetry/cache-metrics.ts'
import { domainMetrics } from '../telemetry/domain-metrics.ts'
import { elasticsearchMetrics } from '../telemetry/elasticsearch-metrics.ts'
import { httpMetrics } from '../telemetry/http-metrics.ts'
import { listenMetrics } from '../telemetry/metrics-server.ts'
import { redisMetrics } from '../telemetry/redis-metrics.ts'
import { requestMetrics } from '../telemetry/request-metrics.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the metrics listener listens once the app is ready; null when metrics are off or not ready yet. */
    metricsAddress: () => { host: string, port: number } | null
  }
}

type MetricsOptions = NonNullable<Config['metrics']>

/**
 * Prometheus metrics (docs/operations.md lists every series) on a separate listener. Registered after the
 * Elasticsearch and Redis plugins and before every route, so that its hooks see every request; the cache and the
 * load-shedding state are read at scrape time. One registry per app: tests build several apps in one process.
 */
async function metrics (fastify: FastifyInstance, options: MetricsOptions): Promise<void> {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const observe = httpMetrics(registry)
  const outcomes = requestMetrics(registry)
  const detach = [elasticsearchMetrics(registry, fastify.es), redisMetrics(registry, fastify.redis), domainMetrics(registry)]
  cacheMetrics(registry, () => fastify.hasDecorator('queryCache') ? fastify.queryCache : undefined)
  sheddingMetrics(registry, fastify)

  fastify.addHook('onError', (request, _reply, error, done) => { outcomes.onError(request, error); done() })
  fastify.addHook('preSerialization', (request, _reply, payload, done) => { outcomes.preSerialization(request, payload); done(null, payload) })
  fastify.addHook('onResponse', (request, reply, done) => {
    observe(request, reply)
    outcomes.onResponse(request, reply)
    done()
  })

  let server: Server | null = null
  let address: { host: string, port: number } | null = null
  fastify.decorate('metricsAddress', () => address)
  fastify.addHook('onReady', async () => {
    const listening = await listenMetrics(registry, options.host, options.port)
    server = listening.server
    address = { host: options.host, port: listening.address.port }
    fastify.log.info({ url: `http://${options.host}:${address.port}/metrics` }, 'metrics listening')
  })
  fastify.addHook('onClose', async () => {
    for (const undo of detach) undo()
    if (server === null) return
    server.closeAllConnections()
    await new Promise(resolve => server!.close(resolve))
  })
}

/** The load-shedding plugin's state, read at scrape time. */
function sheddingMetrics (registry: Registry, fastify: FastifyInstance): void {
  registry.registerMetric(new Gauge({
    name: 'ias_overloaded',
    help: '1 while the instance sheds load (503 to new requests, /readyz overloaded), else 0',
    registers: [],
    collect () { this.set(fastify.isUnderPressure() ? 1 : 0) }
  }))
  registry.registerMetric(new Counter<'reason'>({
    name: 'ias_load_shed_requests_total',
    help: 'Requests refused with 503 OVERLOADED, by the check that tripped (eventLoopDelay, eventLoopUtilization, heapUsedBytes, rssBytes)',
    labelNames: ['reason'],
    registers: [],
    collect () {
      this.reset()
      for (const [reason, count] of Object.entries(fastify.shedCounts())) this.labels(reason).inc(count)
    }
  }))
}

export const metricsPlugin = fp(metrics, { name: 'metrics', dependencies: ['elasticsearch', 'redis', 'load-shedding'] })
