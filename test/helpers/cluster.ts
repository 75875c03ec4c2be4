import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Redis, Cluster } from 'ioredis'
import type { Test } from 'tap'
import type { Config } from '../../src/config/load-config.ts'
import { createEsClient } from '../../src/clients/elasticsearch.ts'
import { indexNames } from '../../src/search/index/index-names.ts'
import { dropIndices } from './indices.ts'
import { testConfig } from './build.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)

export type RedisTopology = 'cluster' | 'sentinel'

const started = new Map<RedisTopology, Promise<Record<string, string>>>()

/**
 * The 3-node Elasticsearch cluster with a Redis Cluster or Sentinel, from `scripts/services.sh` (started once per
 * `npm test` by scripts/test.sh, or here on the first call; the script's lock makes concurrent files wait for one
 * start, and a node a fault test stopped is started again). Returns the env lines the script printed.
 */
export async function clusterServices (redis: RedisTopology): Promise<Record<string, string>> {
  let env = started.get(redis)
  if (env === undefined) {
    env = servicesUp(redis)
    started.set(redis, env)
  }
  return await env
}

/** Runs `services.sh up` again: restarts what a fault test killed, waits for health. */
export async function servicesUp (redis: RedisTopology): Promise<Record<string, string>> {
  const { stdout } = await run('bash', ['scripts/services.sh', '--es-nodes', '3', '--redis', redis], { cwd: ROOT, maxBuffer: 1 << 20, timeout: 300_000 })
  return Object.fromEntries(stdout.trim().split('\n').map(line => {
    const i = line.indexOf('=')
    return [line.slice(0, i), line.slice(i + 1)]
  }))
}

/**
 * A configuration on the cluster: 3 shards with one replica each, names unique to the test file (the helpers'
 * testConfig), Redis of the given topology.
 */
export async function clusterConfig (label: string, redis: RedisTopology, overrides: Record<string, string> = {}): Promise<Config> {
  return testConfig(label, { ...await clusterServices(redis), ES_SHARDS: '3', ES_REPLICAS: '1', ...overrides })
}

/** A plain client (no key prefix) on the configuration's Redis, whatever its topology. */
export function redisOf (config: Config): Redis | Cluster {
  const { redis } = config
  if (redis.mode === 'cluster') return new Cluster(redis.clusterNodes, { redisOptions: { maxRetriesPerRequest: 1 } })
  if (redis.mode === 'sentinel') return new Redis({ sentinels: redis.sentinels, name: redis.sentinelName, maxRetriesPerRequest: 1 })
  return new Redis(redis.url, { maxRetriesPerRequest: 1 })
}

/** Every key under the configuration's prefix (each master of a cluster scanned). */
export async function keysOf (config: Config): Promise<string[]> {
  const redis = redisOf(config)
  try {
    const servers = redis instanceof Cluster ? (await readyCluster(redis)).nodes('master') : [redis]
    const keys: string[] = []
    for (const server of servers) {
      let cursor = '0'
      do {
        const [next, found] = await server.scan(cursor, 'MATCH', `${config.redis.keyPrefix}*`, 'COUNT', 1000)
        keys.push(...found)
        cursor = next
      } while (cursor !== '0')
    }
    return keys
  } finally {
    redis.disconnect()
  }
}

/** Bounded: a cluster still re-forming after a fault test must not hang a teardown (the file would time out). */
async function readyCluster (cluster: Cluster): Promise<Cluster> {
  if (cluster.status !== 'ready') {
    const timeout = AbortSignal.timeout(15_000)
    await once(cluster, 'ready', { signal: timeout })
  }
  return cluster
}

/** Removes what a test left on the cluster: its indices and its keys. */
export async function removeClusterData (config: Config): Promise<void> {
  const es = createEsClient(config.elasticsearch)
  try {
    await dropIndices(es, indexNames(config.elasticsearch.indexPrefix)).catch(() => {})
  } finally {
    await es.close()
  }
  const keys = await keysOf(config).catch(() => [])
  if (keys.length === 0) return
  const redis = redisOf(config)
  try {
    for (const key of keys) await redis.unlink(key)
  } catch {
    // a key left behind expires by its TTL (every key of the service has one)
  } finally {
    redis.disconnect()
  }
}

/**
 * Fault tests kill and pause the shared cluster's processes: they hold this lock exclusively, every other cluster
 * test holds it shared, so a fault never lands in another file's test. `flock` (util-linux) holds it for us: it
 * prints once it has the lock and keeps it until its stdin closes.
 */
export async function holdClusterLock (t: Pick<Test, 'teardown'>, mode: 'shared' | 'exclusive'): Promise<void> {
  mkdirSync(`${ROOT}/.cache`, { recursive: true })
  const holder: ChildProcess = spawn('flock', [mode === 'shared' ? '-s' : '-x', `${ROOT}/.cache/cluster-suite.lock`, '-c', 'echo locked; exec cat > /dev/null'],
    { stdio: ['pipe', 'pipe', 'inherit'] })
  t.teardown(() => { holder.stdin?.end() })
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.once('data', () => { resolve() })
    holder.once('exit', code => { reject(new Error(`flock exited with ${code}`)) })
  })
}
