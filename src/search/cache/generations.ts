import { EPOCH_KEY, LINEAGE_KEY, generationKey } from './keys.ts'
import type { CacheRedis } from './scripts.ts'
import type { TrackedKeys } from './tracked-keys.ts'

/** A write advances its tenant's generation again this long after it (see docs/cache.md, refresh interval). */
export const DEFAULT_SETTLE_MS = 2000

export interface GenerationsOptions {
  /** TTL of generation and epoch keys; longer than any entry's, so a key never outlives its generation. */
  genTtlMs: number
  /**
   * A write acknowledged without `refresh=wait_for` becomes visible to searches only at Elasticsearch's next
   * refresh (1 s by default): the generation is advanced once more this long after the last write, orphaning
   * entries filled in between. 0 disables.
   */
  settleMs: number
  /** How often the global epoch is re-read (it is bumped rarely: after an outage swallowed an INCR). */
  epochRefreshMs: number
  /** Tenants remembered while Redis is away; beyond that only the epoch bump protects (it covers everyone). */
  maxPending: number
  /** The in-process tier's tracked keys: an epoch read here becomes trusted there (absent: no tier). */
  tracked?: TrackedKeys
  onError: (error: unknown, context: string) => void
}

/**
 * Per-tenant generations (INCR on every acknowledged write) and the global epoch. A write whose INCR fails is
 * remembered here; until it is applied in Redis, together with an epoch bump, this process serves nothing from
 * the cache (`usable()` is false).
 */
export class Generations {
  readonly #redis: CacheRedis
  readonly #options: GenerationsOptions
  readonly #pending = new Set<string>()
  readonly #settling = new Map<string, { timer: NodeJS.Timeout, lastWrite: number }>()
  #epoch: string | null = null
  #epochOwed = false
  #recovering: Promise<void> | null = null
  #epochTimer: NodeJS.Timeout | undefined
  #stopped = false
  readonly #onReady = () => { this.recover().catch(() => {}) }

  constructor (redis: CacheRedis, options: GenerationsOptions) {
    this.#redis = redis
    this.#options = options
  }

  start (): void {
    this.#redis.on('ready', this.#onReady)
    // Already connected: no 'ready' will come, but the master's lineage must be recorded now (#masterChanged).
    if (this.ready) this.#onReady()
    this.#epochTimer = setInterval(() => { this.refreshEpoch().catch(() => {}) }, this.#options.epochRefreshMs)
    this.#epochTimer.unref()
  }

  /** Stops the timers; settles still due are applied now (best effort), not lost with the process. */
  async stop (): Promise<void> {
    this.#stopped = true
    this.#redis.off('ready', this.#onReady)
    clearInterval(this.#epochTimer)
    const due = [...this.#settling.keys()]
    for (const { timer } of this.#settling.values()) clearTimeout(timer)
    this.#settling.clear()
    await Promise.all(due.map(async tenant => await this.#bump(tenant)))
  }

  get epoch (): string | null { return this.#epoch }
  get pending (): number { return this.#pending.size + (this.#epochOwed ? 1 : 0) }
  get ready (): boolean { return this.#redis.status === 'ready' }

  /** True when cache reads may be served: Redis connected, nothing owed to it. Triggers recovery otherwise. */
  usable (): boolean {
    if (!this.ready) return false
    if (this.#pending.size > 0 || this.#epochOwed) {
      // The connection may have survived the outage (a paused or overloaded server): no 'ready' event will come.
      this.recover().catch(() => {})
      return false
    }
    return true
  }

  async currentEpoch (): Promise<string> {
    return this.#epoch ?? await this.refreshEpoch()
  }

  async refreshEpoch (): Promise<string> {
    const ticket = this.#options.tracked?.begin(EPOCH_KEY) ?? null
    const epoch = await this.#redis.cachePeek(EPOCH_KEY, this.#options.genTtlMs)
    this.#epoch = epoch
    if (ticket !== null) this.#options.tracked?.settle(EPOCH_KEY, ticket, epoch)
    return epoch
  }

  /** Advances the tenant's generation. Never throws: a failure is remembered and applied when Redis is back. */
  async advance (tenant: string): Promise<boolean> {
    this.#scheduleSettle(tenant)
    return await this.#bump(tenant)
  }

  async #bump (tenant: string): Promise<boolean> {
    try {
      await this.#redis.cacheBump(generationKey(tenant), this.#options.genTtlMs)
      return true
    } catch (error) {
      this.#options.onError(error, 'advance generation')
      if (this.#pending.size < this.#options.maxPending) this.#pending.add(tenant)
      this.#epochOwed = true
      return false
    }
  }

  /** Applies what an outage swallowed: the tenants' INCRs first (seen at once by every instance), then the epoch. */
  async recover (): Promise<void> {
    this.#recovering ??= this.#recover().finally(() => { this.#recovering = null })
    return await this.#recovering
  }

  async #recover (): Promise<void> {
    if (await this.#masterChanged()) this.#epochOwed = true
    for (const tenant of [...this.#pending]) {
      await this.#redis.cacheBump(generationKey(tenant), this.#options.genTtlMs)
      this.#pending.delete(tenant)
    }
    if (this.#epochOwed) {
      this.#epoch = await this.#redis.cacheBump(EPOCH_KEY, this.#options.genTtlMs)
      this.#epochOwed = false
    } else {
      await this.refreshEpoch()
    }
  }

  /**
   * True when the master is not the one the epoch was last checked on (a Sentinel failover, a restart): its
   * replication id differs from the one recorded in Redis. A replica promoted by a failover may lack INCRs the
   * old master acknowledged (replication is asynchronous), so every instance that reconnects to it owes an epoch
   * bump — also those that wrote nothing and remember no tenant. A Redis Cluster has one master per shard and
   * no single replication id: it is skipped there (docs/cache.md).
   */
  async #masterChanged (): Promise<boolean> {
    if (this.#redis.isCluster) return false
    const replid = /^master_replid:(\w+)/m.exec(await this.#redis.info('replication'))?.[1]
    if (replid === undefined) return false
    const recorded = await this.#redis.get(LINEAGE_KEY)
    if (recorded === replid) return false
    await this.#redis.set(LINEAGE_KEY, replid, 'PX', this.#options.genTtlMs)
    // None recorded: a first start or an empty Redis, with no entry an INCR could have missed.
    return recorded !== null
  }

  #scheduleSettle (tenant: string): void {
    if (this.#options.settleMs <= 0 || this.#stopped) return
    const now = Date.now()
    const settling = this.#settling.get(tenant)
    if (settling !== undefined) {
      settling.lastWrite = now
      return
    }
    const fire = (): void => {
      const state = this.#settling.get(tenant)
      if (state === undefined) return
      const quietFor = Date.now() - state.lastWrite
      // Writes kept coming: they advanced the generation themselves; settle once more after the last one.
      if (quietFor < this.#options.settleMs) {
        state.timer = setTimeout(fire, this.#options.settleMs - quietFor).unref()
        return
      }
      this.#settling.delete(tenant)
      this.#bump(tenant).catch(() => {})
    }
    this.#settling.set(tenant, { timer: setTimeout(fire, this.#options.settleMs).unref(), lastWrite: now })
  }
}
