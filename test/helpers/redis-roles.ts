import { Redis } from 'ioredis'

/** One Redis server of a topology, as the fault tests address it: its port and its pid. */
export interface RedisProcess { port: number, pid: number }

/** A command on one server by port (no prefix, no retry): for roles, pids and slots. */
async function onServer<T> (port: number, call: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 })
  redis.on('error', () => {})
  try {
    await redis.connect()
    return await call(redis)
  } finally {
    redis.disconnect()
  }
}

async function processOf (port: number): Promise<RedisProcess> {
  const info = await onServer(port, async redis => await redis.info('server'))
  return { port, pid: Number(/^process_id:(\d+)/m.exec(info)![1]) }
}

/** The port of the master the first Sentinel of `sentinels` (host:port list) names. */
export async function sentinelMasterPort (sentinels: string, name: string): Promise<number> {
  const port = Number(sentinels.split(',')[0]!.split(':')[1])
  const [, masterPort] = await onServer(port, async redis => await redis.call('SENTINEL', 'get-master-addr-by-name', name) as [string, string])
  return Number(masterPort)
}

/** The master and its (live) replica that the Sentinels agree on. */
export async function sentinelRoles (sentinels: string, name: string): Promise<{ master: RedisProcess, replica: RedisProcess }> {
  const port = Number(sentinels.split(',')[0]!.split(':')[1])
  const masterPort = await sentinelMasterPort(sentinels, name)
  const replicas = await onServer(port, async redis => await redis.call('SENTINEL', 'replicas', name) as string[][])
  const fields = (list: string[]) => Object.fromEntries(list.flatMap((v, i) => i % 2 === 0 ? [[v, list[i + 1]]] : []))
  const replica = replicas.map(fields).find(r => !/down|disconnected/.test(String(r.flags)))
  if (replica === undefined) throw new Error('no live replica')
  return { master: await processOf(Number(masterPort)), replica: await processOf(Number(replica.port)) }
}

/** The master serving a slot of a Redis Cluster, asked of any node. */
export async function clusterMasterOf (nodes: string, hashTag: string): Promise<RedisProcess> {
  const seed = Number(nodes.split(',')[0]!.split(':')[1])
  const slot = await onServer(seed, async redis => Number(await redis.call('CLUSTER', 'KEYSLOT', `{${hashTag}}`)))
  const ranges = await onServer(seed, async redis => await redis.call('CLUSTER', 'SLOTS') as Array<[number, number, [string, number]]>)
  const range = ranges.find(([from, to]) => slot >= from && slot <= to)!
  return await processOf(Number(range[2][1]))
}
