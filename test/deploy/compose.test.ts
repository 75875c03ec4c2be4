import { readFileSync } from 'node:fs'
import { test } from 'tap'
import { parse } from 'yaml'
import { EnvSchema } from '../../src/config/env-schema.ts'
import { loadConfig } from '../../src/config/load-config.ts'

// Static checks only: CI machines have no Docker engine, so the file is read, not run.
const root = new URL('../../', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, root), 'utf8')
const pkg = JSON.parse(read('package.json'))

interface Service {
  image?: string
  profiles?: string[]
  command?: string[]
  environment?: Record<string, string | number | boolean | null> | string[]
  ports?: Array<string | { host_ip?: string, target: number }>
  healthcheck?: { test?: string | string[] }
  depends_on?: Record<string, { condition?: string }> | string[]
  volumes?: string[]
  [key: string]: unknown
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>, volumes?: Record<string, unknown> }
const { api, elasticsearch, redis } = compose.services as Record<'api' | 'elasticsearch' | 'redis', Service>

/** Compose's environment, map or list syntax, as raw strings (null = taken from the host, i.e. unset here). */
function environment (service: Service): Record<string, string | undefined> {
  const env = service.environment ?? {}
  if (Array.isArray(env)) return Object.fromEntries(env.map(item => [item.split('=')[0], item.includes('=') ? item.slice(item.indexOf('=') + 1) : undefined]))
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? undefined : String(value)]))
}

/** Compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate (value: string, vars: Record<string, string>): string {
  return value.replace(/\$(?:\$|([A-Za-z_]\w*)|\{([A-Za-z_]\w*)(?:(:?)([-?])([^}]*))?\})/g, (match, bare, name, colon, op, arg) => {
    if (match === '$$') return '$'
    const key = bare ?? name
    const unset = vars[key] === undefined || (colon === ':' && vars[key] === '')
    if (!unset) return vars[key]
    if (op === '?') throw new Error(`${key}: ${arg}`)
    return op === '-' ? arg : ''
  })
}

function resolved (service: Service, vars: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(environment(service))) if (value !== undefined) out[key] = interpolate(value, vars)
  return out
}

/** A healthcheck's command as one string, whichever syntax the file uses. */
const probe = (service: Service) => [service.healthcheck?.test ?? []].flat().join(' ')

const SAMPLE_SECRET = 'compose-sample-secret-of-more-than-32-bytes'

/** [host ip, host port, container port] of each published port. */
const published = (service: Service) => (service.ports ?? []).map(entry => {
  if (typeof entry !== 'string') return [entry.host_ip ?? '', '', String(entry.target)]
  const parts = entry.replace(/\/(tcp|udp)$/, '').split(':')
  return parts.length === 3 ? parts : ['', ...parts.slice(-2)]
})

/** The port each backing service listens on inside its container, from its own settings or the image default. */
const listenPort = {
  elasticsearch: Number(environment(elasticsearch)['http.port'] ?? 9200),
  redis: Number(option(redis.command ?? [], '--port') ?? 6379)
}

function option (args: string[], name: string): string | undefined {
  const at = args.indexOf(name)
  return at === -1 ? undefined : args[at + 1]
}

test('the file parses into the api, elasticsearch and redis services (and two behind a profile), each with a healthcheck', async t => {
  const always = Object.entries(compose.services).filter(([, service]) => service.profiles === undefined).map(([name]) => name)
  t.same(always.sort(), ['api', 'elasticsearch', 'redis'], 'what `docker compose up` starts')
  t.same(Object.keys(compose.services).filter(name => !always.includes(name)).sort(), ['grafana', 'prometheus'], 'the observability profile')
  for (const [name, service] of Object.entries(compose.services)) {
    const command = service.healthcheck?.test
    t.ok(Array.isArray(command) ? ['CMD', 'CMD-SHELL'].includes(command[0] ?? '') && command.length > 1 : typeof command === 'string' && command !== '', `${name} has a healthcheck command`)
  }
})

test('images are official, and Elasticsearch is the version package.json pins', async t => {
  const [repository, tag] = (elasticsearch.image ?? '').split(':')
  t.equal(repository, 'docker.elastic.co/elasticsearch/elasticsearch')
  t.equal(tag, pkg.config.elasticsearch)
  t.match(redis.image, /^redis:7(\.\d+)*(-alpine|-bookworm)?$/)
  t.equal(api.image, 'image-analyses-search:local')
  t.equal(api.build, '.', 'the api is built from this repository')
})

test('every published port is bound to 127.0.0.1 only', async t => {
  for (const [name, service] of Object.entries(compose.services)) {
    for (const entry of service.ports ?? []) {
      t.ok(typeof entry === 'string' ? entry.startsWith('127.0.0.1:') : entry.host_ip === '127.0.0.1', `${name}: ${JSON.stringify(entry)}`)
    }
  }
  t.same(published(api), [['127.0.0.1', '3000', '3000']])
})

test('the api starts only once Elasticsearch and Redis are healthy', async t => {
  t.same(api.depends_on, { elasticsearch: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } })
})

test('the api environment names only variables of EnvSchema and is a valid service configuration', async t => {
  const names = Object.keys(environment(api))
  t.ok(names.length > 0)
  for (const name of names) t.ok(name in EnvSchema.properties, `${name} is in EnvSchema`)
  t.throws(() => resolved(api, {}), /JWT_SECRET/, 'compose refuses to start without JWT_SECRET')
  const env = resolved(api, { JWT_SECRET: SAMPLE_SECRET })
  const config = loadConfig(env)
  t.equal(config.env, 'production')
  t.equal(config.host, '0.0.0.0', 'listens on the container interface, reachable through the published port')
  t.equal(String(config.port), published(api)[0]?.[2], 'listens on the published container port')
  t.equal(config.jwt.secret, SAMPLE_SECRET)
  t.same(config.jwt.issuers, [], 'JWT_ISSUER is optional and empty by default')
  t.same(loadConfig(resolved(api, { JWT_SECRET: SAMPLE_SECRET, JWT_AUDIENCE: 'search' })).jwt.audiences, ['search'])
})

test('ES_URL and REDIS_URL point at the compose services and the ports they listen on', async t => {
  const env = resolved(api, { JWT_SECRET: SAMPLE_SECRET })
  const es = new URL(env.ES_URL ?? '')
  t.equal(es.hostname, 'elasticsearch')
  t.equal(Number(es.port || (es.protocol === 'https:' ? 443 : 80)), listenPort.elasticsearch)
  const cache = new URL(env.REDIS_URL ?? '')
  t.equal(cache.hostname, 'redis')
  t.equal(Number(cache.port || 6379), listenPort.redis)
  t.equal(published(elasticsearch)[0]?.[2], String(listenPort.elasticsearch))
  t.equal(published(redis)[0]?.[2], String(listenPort.redis))
})

test('the api healthcheck asks for readiness; the image healthcheck for liveness', async t => {
  t.match(probe(api), /\/readyz/)
  t.notMatch(probe(api), /\/healthz/)
  const dockerfile = read('Dockerfile').replace(/\\\n/g, ' ')
  t.match(dockerfile, /^HEALTHCHECK\b.*\/healthz/m)
})

test('Elasticsearch runs as a single node that refuses expensive queries, on a named volume', async t => {
  const env = environment(elasticsearch)
  t.equal(env['discovery.type'], 'single-node')
  t.equal(env['xpack.security.enabled'], 'false')
  t.equal(env['search.allow_expensive_queries'], 'false')
  t.equal(env.ES_JAVA_OPTS, '-Xms1g -Xmx1g')
  t.match(elasticsearch.ulimits, { memlock: { soft: -1, hard: -1 }, nofile: { soft: 65535, hard: 65535 } })
  const [volume, path] = (elasticsearch.volumes?.[0] ?? '').split(':')
  t.equal(path, '/usr/share/elasticsearch/data')
  t.ok(volume !== undefined && compose.volumes !== undefined && volume in compose.volumes, 'a named volume')
  t.match(probe(elasticsearch), /_cluster\/health\?wait_for_status=yellow/)
})

test('Redis is a bounded, non-persistent cache that evicts only keys with a TTL', async t => {
  t.same(redis.command, ['redis-server', '--save', '', '--appendonly', 'no', '--maxmemory', '256mb', '--maxmemory-policy', 'volatile-lru'])
  t.match(probe(redis), /redis-cli ping/)
})

test('the api container is locked down', async t => {
  t.equal(api.restart, 'unless-stopped')
  t.equal(api.read_only, true)
  t.same(api.tmpfs, ['/tmp'])
  t.same(api.security_opt, ['no-new-privileges:true'])
  t.same(api.cap_drop, ['ALL'])
})
