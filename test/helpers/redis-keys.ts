import type { Redis } from 'ioredis'

/** UNLINKs every key matching `pattern` (SCAN, so a large keyspace is never blocked). */
export async function unlinkMatching (redis: Redis, pattern: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
    if (keys.length > 0) await redis.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
}
