import { availableParallelism, cpus, totalmem } from 'node:os'
import type { Client } from '@elastic/elasticsearch'
import type { Redis } from 'ioredis'
import type { Config } from '../src/config/load-config.ts'

export interface Machine {
  cores: number
  cpu: string
  memoryMiB: number
  node: string
  elasticsearch: string
  /** Heap of the Elasticsearch node, MiB. */
  elasticsearchHeapMiB: number | null
  redis: string
  /** Local pids of Elasticsearch and Redis, whose CPU use is measured (absent when they run elsewhere). */
  pids: Record<string, number>
}

/** What the numbers depend on. `GET /` is not served by the local distribution: the version comes from _nodes. */
export async function describeMachine (es: Client, redis: Redis, config: Pick<Config, 'elasticsearch' | 'redis'>): Promise<Machine> {
  const nodes = await es.nodes.info({ node_id: '_local', metric: ['jvm', 'process'] })
  const node = Object.values(nodes.nodes)[0]
  const info = await redis.info('server')
  const pids: Record<string, number> = {}
  const local = (url: string) => /^(https?|rediss?):\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)
  if (config.elasticsearch.nodes.every(local) && node?.process?.id !== undefined) pids.elasticsearch = node.process.id
  const redisPid = Number(/^process_id:(\d+)/m.exec(info)?.[1])
  if (local(config.redis.url) && redisPid > 0) pids.redis = redisPid
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    elasticsearch: node?.version ?? 'unknown',
    elasticsearchHeapMiB: node?.jvm?.mem?.heap_max_in_bytes !== undefined ? Math.round(node.jvm.mem.heap_max_in_bytes / 2 ** 20) : null,
    redis: /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown',
    pids
  }
}
