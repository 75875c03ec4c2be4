import { test } from 'tap'
import { esOperation } from '../../src/telemetry/elasticsearch-metrics.ts'
import { redisErrorKind } from '../../src/telemetry/redis-metrics.ts'
import { cacheOutcome, tenantHash } from '../../src/plugins/tracing.ts'
import { cacheStatus } from '../../src/http/cache-headers.ts'

test('Elasticsearch operations are named from method and path, never from an index or id', async t => {
  const cases: Array<[string, string, string]> = [
    ['POST', '/catalog-analyses/_search', 'search'],
    ['POST', '/_bulk', 'bulk'],
    ['POST', '/catalog-analyses-write/_bulk', 'bulk'],
    ['GET', '/catalog-analyses/_doc/acme%3Aseed-1', 'get'],
    ['PUT', '/catalog-analyses-write/_doc/acme%3Aseed-1', 'index'],
    ['DELETE', '/catalog-analyses-write/_doc/acme%3Aseed-1', 'delete'],
    ['HEAD', '/catalog-analyses-v2', 'indices.exists'],
    ['PUT', '/catalog-analyses-v2', 'indices.create'],
    ['DELETE', '/catalog-analyses-v1', 'indices.delete'],
    ['POST', '/catalog-analyses/_pit?keep_alive=2m', 'open_point_in_time'],
    ['DELETE', '/_pit', 'close_point_in_time'],
    ['GET', '/_cluster/health', 'cluster.health'],
    ['POST', '/catalog-analyses-v1/_refresh', 'indices.refresh'],
    ['POST', '/_aliases', 'indices.update_aliases'],
    ['GET', '/_alias/catalog-analyses-write', 'indices.get_alias'],
    ['GET', '/', 'info'],
    ['POST', '/catalog-analyses/_count', 'count']
  ]
  for (const [method, path, operation] of cases) t.equal(esOperation(method, path), operation, `${method} ${path}`)
})

test('Redis errors are classed by what an operator does about them', async t => {
  t.equal(redisErrorKind(new Error('Command timed out')), 'timeout')
  t.equal(redisErrorKind(new Error("Stream isn't writeable and enableOfflineQueue options is false")), 'unavailable')
  t.equal(redisErrorKind(new Error('Connection is closed.')), 'unavailable')
  t.equal(redisErrorKind(Object.assign(new Error('NOSCRIPT No matching script'), { name: 'ReplyError' })), 'reply')
  t.equal(redisErrorKind(new Error('something else')), 'other')
})

test('span attributes: the cache outcome from Cache-Status, the tenant as a keyed hash', async t => {
  t.equal(cacheOutcome(cacheStatus({ type: 'hit', ttlS: 30 })), 'hit')
  t.equal(cacheOutcome(cacheStatus({ type: 'miss', stored: true, collapsed: false })), 'miss')
  t.equal(cacheOutcome(cacheStatus({ type: 'miss', stored: false, collapsed: true })), 'coalesced')
  t.equal(cacheOutcome(cacheStatus({ type: 'miss', stored: false, collapsed: false, detail: 'redis-unavailable' })), 'bypass')
  t.equal(cacheOutcome(cacheStatus({ type: 'forward' })), 'bypass')
  const key = Buffer.from('k'.repeat(32))
  t.equal(tenantHash(key, 'acme'), tenantHash(key, 'acme'), 'stable')
  t.not(tenantHash(key, 'acme'), tenantHash(key, 'rival'))
  t.not(tenantHash(Buffer.from('x'.repeat(32)), 'acme'), tenantHash(key, 'acme'), 'keyed: another deployment, another hash')
  t.match(tenantHash(key, 'acme'), /^[A-Za-z0-9_-]{16}$/)
})
