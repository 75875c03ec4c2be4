import { test } from 'tap'
import { ConfigError, loadConfig } from '../../../src/config/load-config.ts'

const SECRET = 'x'.repeat(32)

test('defaults give a complete development configuration', async t => {
  const config = loadConfig({ JWT_SECRET: SECRET })
  t.equal(config.port, 3000)
  t.equal(config.host, '127.0.0.1')
  t.same(config.elasticsearch.nodes, ['http://127.0.0.1:9200'])
  t.equal(config.elasticsearch.indexPrefix, 'catalog')
  t.equal(config.redis.url, 'redis://127.0.0.1:6379')
  t.same(config.jwt.algorithms, ['HS256'])
  t.equal(config.docsEnabled, true)
  t.equal(config.uiEnabled, true, 'the web page is on by default')
  t.equal(config.trustProxy, false)
  t.ok(config.cursorSecret.length >= 32, 'cursor secret derived from the JWT secret')
})

test('values are converted and lists split', async t => {
  const config = loadConfig({
    JWT_SECRET: SECRET,
    PORT: '8080',
    ES_URL: 'http://es1:9200, http://es2:9200',
    CORS_ORIGINS: 'https://a.example,https://b.example',
    TRUST_PROXY: '2',
    NODE_ENV: 'production',
    ES_API_KEY: 'abc',
    JWT_ISSUER: 'https://issuer.example',
    JWT_AUDIENCE: 'search'
  })
  t.equal(config.port, 8080)
  t.same(config.elasticsearch.nodes, ['http://es1:9200', 'http://es2:9200'])
  t.same(config.corsOrigins, ['https://a.example', 'https://b.example'])
  t.equal(config.trustProxy, 2)
  t.equal(config.docsEnabled, false, 'docs are off in production by default')
  t.equal(config.uiEnabled, true, 'the web page stays on in production')
  t.same(config.elasticsearch.auth, { apiKey: 'abc' })
  t.same(config.jwt.issuers, ['https://issuer.example'])
})

test('an empty variable counts as unset', async t => {
  const config = loadConfig({ JWT_SECRET: SECRET, ES_API_KEY: '', PORT: '' })
  t.equal(config.elasticsearch.auth, undefined)
  t.equal(config.port, 3000)
})

test('every problem is listed in one error', async t => {
  const error = t.throws(() => loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', ES_SHARDS: 'many' })) as ConfigError
  t.type(error, ConfigError)
  t.equal(error.problems.length, 4, 'three invalid values and the missing secret')
  t.match(error.message, /Invalid configuration:/)
  t.match(error.message, /JWT_SECRET is required/)
  t.match(error.message, /PORT must be <= 65535 \(got 70000\)/)
  t.match(error.message, /LOG_LEVEL/)
  t.match(error.message, /ES_SHARDS/)
})

test('cross-field rules are checked together', async t => {
  const error = t.throws(() => loadConfig({
    ES_URL: 'not a url',
    ES_API_KEY: 'k',
    ES_USERNAME: 'u',
    REDIS_URL: 'http://nope',
    REDIS_MODE: 'sentinel',
    JWT_SECRET: 'short',
    ES_CA_CERT: '/nonexistent/ca.pem'
  })) as ConfigError
  const text = error.problems.join('\n')
  t.match(text, /ES_URL has an invalid URL: not a url/)
  t.match(text, /ES_API_KEY and ES_USERNAME are exclusive/)
  t.match(text, /ES_USERNAME and ES_PASSWORD go together/)
  t.match(text, /REDIS_URL is not a redis/)
  t.match(text, /REDIS_SENTINELS is required/)
  t.match(text, /JWT_SECRET must be at least 32 bytes/)
  t.match(text, /ES_CA_CERT cannot read file/)
})

test('JWT algorithms are pinned and never mixed', async t => {
  t.throws(() => loadConfig({}), /JWT_SECRET is required when JWT_ALGORITHMS is HS256/)
  t.throws(() => loadConfig({ JWT_SECRET: SECRET, JWT_ALGORITHMS: 'HS256,RS256' }), /must not mix HS256/)
  t.throws(() => loadConfig({ JWT_ALGORITHMS: 'none' }), /JWT_ALGORITHMS accepts HS256, RS256, ES256/)
  t.throws(() => loadConfig({ JWT_ALGORITHMS: 'RS256', CURSOR_SECRET: SECRET }), /exactly one of JWT_PUBLIC_KEY or JWT_JWKS_URL/)
  t.throws(() => loadConfig({ JWT_ALGORITHMS: 'RS256', JWT_JWKS_URL: 'https://idp.example/jwks.json', CURSOR_SECRET: SECRET }), /JWT_ISSUER .* is required with JWT_JWKS_URL/)
  t.throws(() => loadConfig({ JWT_ALGORITHMS: 'ES256', JWT_JWKS_URL: 'https://idp.example/jwks.json', JWT_ISSUER: 'https://idp.example' }), /CURSOR_SECRET is required/)
  const rs = loadConfig({ JWT_ALGORITHMS: 'RS256', JWT_JWKS_URL: 'https://idp.example/jwks.json', JWT_ISSUER: 'https://idp.example', CURSOR_SECRET: SECRET })
  t.equal(rs.jwt.jwksUrl, 'https://idp.example/jwks.json')
  t.equal(rs.jwt.secret, undefined)
})

test('redis modes need their nodes', async t => {
  const sentinel = loadConfig({ JWT_SECRET: SECRET, REDIS_MODE: 'sentinel', REDIS_SENTINELS: 'a:26379,b:26379', REDIS_SENTINEL_NAME: 'main' })
  t.same(sentinel.redis.sentinels, [{ host: 'a', port: 26379 }, { host: 'b', port: 26379 }])
  t.throws(() => loadConfig({ JWT_SECRET: SECRET, REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: 'a:x' }), /REDIS_CLUSTER_NODES has an invalid host:port: a:x/)
})

test('the public base URL: trailing slashes dropped, only http(s) without query or fragment', async t => {
  t.equal(loadConfig({ JWT_SECRET: SECRET }).publicBaseUrl, undefined, 'unset by default: the document names its own origin')
  t.equal(loadConfig({ JWT_SECRET: SECRET, PUBLIC_BASE_URL: 'https://search.example.org/api//' }).publicBaseUrl, 'https://search.example.org/api')
  for (const bad of ['search.example.org', 'ftp://search.example.org', 'https://search.example.org/?v=1', 'https://search.example.org/#top', 'https://user:pw@search.example.org']) {
    const error = t.throws(() => loadConfig({ JWT_SECRET: SECRET, PUBLIC_BASE_URL: bad })) as ConfigError
    t.match(error.problems, [/PUBLIC_BASE_URL must be an http\(s\) URL/], bad)
  }
})

test('ES_REPLICAS takes a count or an auto-expand range; ES_WRITE_ACTIVE_SHARDS a count or all', async t => {
  const defaults = loadConfig({ JWT_SECRET: SECRET }).elasticsearch
  t.same([defaults.replicas, defaults.waitForActiveShards], ['0-1', '1'], 'no replica on one node, one from two nodes; writes wait for the primary')
  const set = loadConfig({ JWT_SECRET: SECRET, ES_REPLICAS: '2', ES_WRITE_ACTIVE_SHARDS: 'all' }).elasticsearch
  t.same([set.replicas, set.waitForActiveShards], ['2', 'all'])
  t.equal(loadConfig({ JWT_SECRET: SECRET, ES_REPLICAS: '0-all' }).elasticsearch.replicas, '0-all')
  for (const [name, value] of [['ES_REPLICAS', 'one'], ['ES_REPLICAS', '1-'], ['ES_WRITE_ACTIVE_SHARDS', '0'], ['ES_WRITE_ACTIVE_SHARDS', 'some']]) {
    t.throws(() => loadConfig({ JWT_SECRET: SECRET, [name]: value }), { name: 'ConfigError', problems: [new RegExp(`^${name} `)] }, `${name}=${value}`)
  }
})
