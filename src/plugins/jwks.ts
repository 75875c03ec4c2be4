import { createPublicKey, type JsonWebKey } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { TokenOrHeader } from '@fastify/jwt'
import type { JwtAlgorithm } from '../config/load-config.ts'

export interface JwksOptions {
  /** The one URL keys come from; never derived from a token (`iss`, `jku`, `x5u` are ignored). */
  url: string
  algorithms: JwtAlgorithm[]
  /** After this long the set is refreshed in the background; cached keys keep serving meanwhile. */
  ttlMs?: number
  /** At most one fetch per interval, whatever arrives: an unknown `kid` in between is refused without a fetch. */
  minIntervalMs?: number
  timeoutMs?: number
  log?: Pick<FastifyBaseLogger, 'warn'>
}

interface CachedKey { pem: string, alg: JwtAlgorithm }

const MAX_BYTES = 256 * 1024
const MIN_RSA_BITS = 2048

/**
 * Verification keys from a JWKS endpoint, cached by `kid`. Fetches are single-flight and spaced at least
 * `minIntervalMs` apart (successful or not), so tokens carrying random `kid`s cannot make the service hammer the
 * identity provider. A successful fetch replaces the set (a removed key stops verifying); a failed one keeps the
 * keys already known. Only keys whose type and `alg` fit the pinned algorithms are kept.
 */
export class JwksCache {
  readonly url: string
  readonly algorithms: JwtAlgorithm[]
  readonly ttlMs: number
  readonly minIntervalMs: number
  readonly timeoutMs: number
  readonly log: Pick<FastifyBaseLogger, 'warn'> | undefined
  keys = new Map<string, CachedKey>()
  /** Fetches started (for tests and metrics). */
  fetches = 0
  private fetchedAt = 0
  private attemptedAt = Number.NEGATIVE_INFINITY
  private inflight: Promise<void> | null = null
  private readonly closing = new AbortController()

  constructor (options: JwksOptions) {
    this.url = options.url
    this.algorithms = options.algorithms
    this.ttlMs = options.ttlMs ?? 10 * 60_000
    this.minIntervalMs = options.minIntervalMs ?? 30_000
    this.timeoutMs = options.timeoutMs ?? 5000
    this.log = options.log
  }

  /** The PEM of key `kid` for algorithm `alg`, or undefined when no such key is (or can now be) known. */
  async key (kid: string, alg: string): Promise<string | undefined> {
    if (!this.keys.has(kid)) await this.refresh()
    else if (Date.now() - this.fetchedAt > this.ttlMs) this.refresh().catch(() => {}) // stale: refresh behind the answer
    const found = this.keys.get(kid)
    return found?.alg === alg ? found.pem : undefined
  }

  /** Starts a fetch unless one is running (then joins it) or the last one started less than minIntervalMs ago. */
  refresh (): Promise<void> {
    if (this.inflight !== null) return this.inflight
    if (Date.now() - this.attemptedAt < this.minIntervalMs || this.closing.signal.aborted) return Promise.resolve()
    this.attemptedAt = Date.now()
    this.fetches++
    this.inflight = this.load().finally(() => { this.inflight = null })
    return this.inflight
  }

  close (): void {
    this.closing.abort()
  }

  private async load (): Promise<void> {
    try {
      const keys = await this.fetchKeys()
      this.keys = keys
      this.fetchedAt = Date.now()
    } catch (error) {
      this.log?.warn({ err: error, url: this.url, cachedKeys: this.keys.size }, 'JWKS fetch failed; keeping the cached keys')
    }
  }

  private async fetchKeys (): Promise<Map<string, CachedKey>> {
    const signal = AbortSignal.any([this.closing.signal, AbortSignal.timeout(this.timeoutMs)])
    // redirect 'error': the keys come from the configured URL and nowhere it might point to.
    const response = await fetch(this.url, { signal, redirect: 'error', headers: { accept: 'application/json' } })
    if (!response.ok) throw new Error(`JWKS endpoint answered ${response.status}`)
    const body = JSON.parse(await readCapped(response, MAX_BYTES)) as { keys?: unknown }
    if (!Array.isArray(body.keys)) throw new Error('JWKS document has no keys array')
    const keys = new Map<string, CachedKey>()
    for (const jwk of body.keys as JsonWebKey[]) {
      const accepted = this.accept(jwk)
      if (accepted !== undefined) keys.set(jwk.kid as string, accepted)
    }
    return keys
  }

  private accept (jwk: JsonWebKey): CachedKey | undefined {
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kid !== 'string' || jwk.kid === '') return undefined
    if (jwk.use !== undefined && jwk.use !== 'sig') return undefined
    if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return undefined
    // The key type decides the algorithm; a JWK's own `alg` may only confirm it. No `oct` keys, ever.
    const alg = jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : undefined
    if (alg === undefined || !this.algorithms.includes(alg) || (jwk.alg !== undefined && jwk.alg !== alg)) return undefined
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' })
      if (alg === 'RS256' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) return undefined
      return { pem: key.export({ type: 'spki', format: 'pem' }) as string, alg }
    } catch {
      return undefined
    }
  }
}

async function readCapped (response: Response, maxBytes: number): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw new Error('JWKS document too large')
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength
    if (size > maxBytes) throw new Error('JWKS document too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The key callback @fastify/jwt calls with the decoded (not yet verified) token. Cheap checks first (algorithm,
 * issuer allow-list) so that a forged token cannot even trigger a key lookup; the verifier checks both again.
 */
export function jwksKeyResolver (cache: JwksCache, issuers: string[]) {
  return async (_request: unknown, token: TokenOrHeader): Promise<string> => {
    const { header, payload } = 'header' in token ? token : { header: token, payload: undefined }
    const { kid, alg } = header
    if (typeof alg !== 'string' || !(cache.algorithms as string[]).includes(alg)) throw new Error('algorithm not accepted')
    if (typeof kid !== 'string' || kid === '' || kid.length > 256) throw new Error('token has no usable kid')
    const iss: unknown = payload?.iss
    if (typeof iss !== 'string' || !issuers.includes(iss)) throw new Error('issuer not allowed')
    const key = await cache.key(kid, alg)
    if (key === undefined) throw new Error('unknown key id')
    return key
  }
}
