import { hash, randomUUID } from 'node:crypto'
import type { RedisClient } from '../../clients/redis.ts'
import { withIdempotencyCommands, type IdempotencyRedis } from './idempotency-scripts.ts'

/** A response as it went out: what a retry with the same key gets again. */
export interface RecordedResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * One key's record. `pending`: an attempt runs (until `lease`); `unknown`: the last attempt ended without a known
 * outcome (a 5xx: perhaps stored); `done`: the outcome, replayed. `at` is the time of the first attempt: every
 * attempt writes with it, so a retry can recognize the document an earlier attempt stored.
 */
interface IdempotencyRecord {
  fingerprint: string
  state: 'pending' | 'unknown' | 'done'
  attempt: string
  lease: number
  at: string
  response?: RecordedResponse
}

/** What an attempt holds to record its end: the record as it wrote it (the compare of every later change). */
export interface Claim {
  key: string
  written: string
  record: IdempotencyRecord
}

export type Begun =
  /** Run the request; `settle`: an earlier attempt may have been applied, recognize its writes (same `at`). */
  | { kind: 'execute', claim: Claim, at: Date, settle: boolean }
  | { kind: 'replay', response: RecordedResponse }
  /** Another attempt with this key is running. */
  | { kind: 'in-flight' }
  /** The key was used for another request (method, path, preconditions or body differ). */
  | { kind: 'reused' }

export interface IdempotencyOptions {
  /** How long a key is remembered after its last attempt. */
  ttlMs: number
  /** How long an attempt holds its key; past it, its holder is taken for gone (crashed) and a retry takes over. */
  leaseMs: number
  now?: () => number
}

/**
 * Idempotency-Key records in Redis (IETF httpapi draft "The Idempotency-Key HTTP Header Field"), per tenant:
 * `idem:{<tenant>}:<digest of the key>` (the tenant as hash tag, like the cache's keys).
 */
export class IdempotencyStore {
  readonly #redis: IdempotencyRedis
  readonly #options: Required<IdempotencyOptions>

  constructor (redis: RedisClient, options: IdempotencyOptions) {
    this.#redis = withIdempotencyCommands(redis)
    this.#options = { now: Date.now, ...options }
  }

  /** Claims `key` for this request, or says why not. Throws when Redis does not answer. */
  async begin (tenant: string, key: string, fingerprint: string): Promise<Begun> {
    const now = this.#options.now()
    const redisKey = recordKey(tenant, key)
    const mine: IdempotencyRecord = { fingerprint, state: 'pending', attempt: randomUUID(), lease: now + this.#options.leaseMs, at: new Date(now).toISOString() }
    const found = await this.#redis.idempotencyBegin(redisKey, JSON.stringify(mine), this.#options.ttlMs)
    if (found === null) return { kind: 'execute', claim: { key: redisKey, written: JSON.stringify(mine), record: mine }, at: new Date(now), settle: false }
    const record = JSON.parse(found) as IdempotencyRecord
    if (record.fingerprint !== fingerprint) return { kind: 'reused' }
    if (record.state === 'done' && record.response !== undefined) return { kind: 'replay', response: record.response }
    if (record.state === 'pending' && record.lease > now) return { kind: 'in-flight' }
    // The last attempt ended unknown, or its holder is gone: take over, writing with the first attempt's time.
    const next: IdempotencyRecord = { ...mine, at: record.at }
    const written = JSON.stringify(next)
    if (await this.#redis.idempotencySwap(redisKey, found, written, this.#options.ttlMs) !== 1) return { kind: 'in-flight' }
    return { kind: 'execute', claim: { key: redisKey, written, record: next }, at: new Date(record.at), settle: true }
  }

  /** The attempt's outcome is known (2xx, 4xx): replay it to every retry until the key expires. */
  async finish (claim: Claim, response: RecordedResponse): Promise<void> {
    await this.#swap(claim, { ...claim.record, state: 'done', response })
  }

  /** The attempt ended without a known outcome (a 5xx): the next retry runs again, recognizing what this one stored. */
  async abandon (claim: Claim): Promise<void> {
    await this.#swap(claim, { ...claim.record, state: 'unknown', lease: 0 })
  }

  async #swap (claim: Claim, record: IdempotencyRecord): Promise<void> {
    await this.#redis.idempotencySwap(claim.key, claim.written, JSON.stringify(record), this.#options.ttlMs)
  }
}

/** The client's key is hashed: it is the client's text, of any shape the header allows; the record key stays short. */
export function recordKey (tenant: string, key: string): string {
  return `idem:{${tenant}}:${hash('sha256', key, 'base64url').slice(0, 22)}`
}
