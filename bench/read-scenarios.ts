import type { Redis } from 'ioredis'
import { quietly, type Quiet } from './cpu-meter.ts'
import { load, type LoadResult, type Target } from './load.ts'
import type { Child } from './processes.ts'
import { searchPath } from './search-query.ts'

export type ReadScenarioId = 'a' | 'b' | 'c'

/** The two searches, cached (b) and uncached (c), that scenarios l and p measure again in another setting. */
export type SearchScenarioId = 'b' | 'c'

export interface CacheDelta { hits: number, misses: number, errors: number }

export interface ReadResult {
  id: ReadScenarioId
  service: LoadResult & { cache: CacheDelta, attempts: number }
  limit: LoadResult & { attempts: number }
}

export interface ReadContext {
  service: Child
  bare: Child
  token: string
  redis: Redis
  /** Redis key (with the bench's prefix) where the bare route finds the bytes it serves. */
  bareKey: (name: string) => string
  connections: number
  duration: number
  warmup: number
  /** Processes whose CPU use is measured (load generator, service, limit server, Elasticsearch, Redis). */
  pids: Record<string, number>
  /** Each side waits for a quiet machine, and is measured again if other processes were busy meanwhile. */
  quiet: Quiet
  log: (line: string) => void
}

/** What a read scenario sends: the service's path and headers, and the limit server's path. */
export interface ReadTargets {
  path: string
  headers: Record<string, string>
  limitPath: string
}

/**
 * Prepares one read scenario on `ctx.service` and `ctx.bare`: warms the cache and gives the limit server the
 * cached bytes (a, b), or checks that both sides find the same documents (c).
 */
export async function readTargets (id: ReadScenarioId, ctx: ReadContext): Promise<ReadTargets> {
  const auth = { authorization: `Bearer ${ctx.token}` }
  const path = id === 'a' ? '/v1/dashboard' : searchPath()
  if (id !== 'c') return { path, headers: auth, limitPath: `/redis/${encodeURIComponent(await primeCachedBytes(id, ctx, path, auth))}` }
  const headers = { ...auth, 'cache-control': 'no-cache' }
  await checkSameSearch(ctx, path, headers)
  return { path, headers, limitPath: '/es/search' }
}

/** Runs one read scenario: the service side, then its limit, with the same connections, warm-up and duration. */
export async function readScenario (id: ReadScenarioId, ctx: ReadContext): Promise<ReadResult> {
  const { path, headers, limitPath } = await readTargets(id, ctx)
  const before = await cacheCounters(ctx.service, ctx.token)
  const service = await measured(ctx, { url: `${ctx.service.url}${path}`, headers })
  const cache = cacheDelta(before, await cacheCounters(ctx.service, ctx.token))
  const limit = await measured(ctx, { url: `${ctx.bare.url}${limitPath}` })
  return { id, service: { ...service, cache }, limit }
}

/** Scenario b's load (the hot cached search) against `service`, warmed first so every measured request is a hit. */
export async function hotSearchLoad (ctx: ReadContext, service: Child): Promise<LoadResult & { attempts: number }> {
  const headers = { authorization: `Bearer ${ctx.token}` }
  for (let i = 0; i < 2; i++) await get(`${service.url}${searchPath()}`, headers)
  return await measured(ctx, { url: `${service.url}${searchPath()}`, headers })
}

export async function measured (ctx: ReadContext, target: Pick<Target, 'url' | 'headers'>): Promise<LoadResult & { attempts: number }> {
  return await quietly(ctx.pids, ctx.quiet, ctx.log, async () => await load({ ...target, connections: ctx.connections, duration: ctx.duration, warmup: ctx.warmup, pids: ctx.pids }))
}

/**
 * Warms the service's cache and copies its answer's exact bytes to the key the bare route reads; checks that the
 * service answers from the cache and that the bare route answers the same bytes.
 */
async function primeCachedBytes (id: ReadScenarioId, ctx: ReadContext, target: string, auth: Record<string, string>): Promise<string> {
  await get(`${ctx.service.url}${target}`, auth)
  const hit = await get(`${ctx.service.url}${target}`, auth)
  // Loosely: a tier may add a detail after `hit` (`hit; detail=local`).
  if (!/; hit\b/.test(hit.headers.get('cache-status') ?? '')) throw new Error(`${target} is not a cache hit: ${hit.headers.get('cache-status')}`)
  const key = ctx.bareKey(`bare:${id}`)
  await ctx.redis.set(key, hit.body, 'EX', 24 * 3600)
  const bare = await get(`${ctx.bare.url}/redis/${encodeURIComponent(key)}`, {})
  if (bare.body !== hit.body) throw new Error('the bare route does not answer the bytes of the service')
  return key
}

/** The service and the direct request must find the same documents, or they did not run the same query. */
async function checkSameSearch (ctx: ReadContext, target: string, headers: Record<string, string>): Promise<void> {
  const service = await get(`${ctx.service.url}${target}`, headers)
  const status = service.headers.get('cache-status') ?? ''
  if (!/; fwd=request\b/.test(status)) throw new Error(`no-cache was not honoured: Cache-Status ${status}`)
  const direct = JSON.parse((await get(`${ctx.bare.url}/es/search`, {})).body) as { hits: { total: { value: number } } }
  const total = (JSON.parse(service.body) as { total: number }).total
  if (total !== direct.hits.total.value) throw new Error(`the service found ${total} documents, the direct request ${direct.hits.total.value}`)
  if (total === 0) throw new Error('the benchmark search matches nothing: the corpus is not loaded')
}

/** The cache counters of the bench tenant on one service instance (every instance counts its own). */
export async function cacheCounters (service: Child, token: string): Promise<CacheDelta> {
  const answer = await get(`${service.url}/v1/admin/cache/stats`, { authorization: `Bearer ${token}` })
  return JSON.parse(answer.body) as CacheDelta
}

export function cacheDelta (before: CacheDelta, after: CacheDelta): CacheDelta {
  return { hits: after.hits - before.hits, misses: after.misses - before.misses, errors: after.errors - before.errors }
}

export async function get (url: string, headers: Record<string, string>): Promise<{ body: string, headers: Headers }> {
  const res = await fetch(url, { headers })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`)
  return { body, headers: res.headers }
}
