import type { Redis } from 'ioredis'
import { EPOCH_KEY, LINEAGE_KEY } from './keys.ts'
import type { LocalTier } from './local-tier.ts'

const CHANNEL = '__redis__:invalidate'

export interface ClientTrackingOptions {
  /** The client's key prefix: BCAST prefixes are raw key prefixes, and invalidated keys arrive prefixed. */
  keyPrefix: string
  /** The subscriber is PINGed this often; each answer renews the tier's lease (TrackedKeys). */
  heartbeatMs: number
  /** The epoch must be read again to be trusted: tracking just started, or an invalidation named it. */
  onEpochUntrusted: () => void
  onError: (error: unknown, context: string) => void
}

/**
 * Redis client-side caching for the in-process tier (RESP2, BCAST): a subscriber connection listens on
 * `__redis__:invalidate`, and a second connection, which runs nothing else, has tracking on with `REDIRECT` to the
 * subscriber for the prefixes of the generation, epoch and lineage keys. In BCAST mode Redis sends an invalidation
 * for every write of a key under those prefixes, by any client, without tracking what anyone read: the reads
 * themselves stay on the main client.
 *
 * Both connections are one session: when either closes, the tier is emptied and bypassed, the other is closed too,
 * and when both are back the session is set up again from scratch (docs/cache.md, "The in-process tier").
 */
export class ClientTracking {
  readonly #tier: LocalTier
  readonly #options: ClientTrackingOptions
  readonly #subscriber: Redis
  readonly #tracker: Redis
  #drops = 0
  /** The value of #drops when the current session was set up (-1: none). */
  #setUpAt = -1
  #establishing: Promise<void> | null = null
  #barrier: Promise<boolean> | null = null
  #heartbeat: NodeJS.Timeout | undefined

  constructor (redis: Redis, tier: LocalTier, options: ClientTrackingOptions) {
    this.#tier = tier
    this.#options = options
    const own = { keyPrefix: '', autoResubscribe: false, lazyConnect: true, enableOfflineQueue: false }
    this.#subscriber = redis.duplicate({ ...own, connectionName: 'ias-invalidations' })
    this.#tracker = redis.duplicate({ ...own, connectionName: 'ias-tracking' })
    tier.sync = async () => await this.sync()
  }

  start (): void {
    for (const [connection, other] of [[this.#subscriber, this.#tracker], [this.#tracker, this.#subscriber]] as const) {
      connection.on('error', () => {}) // the main client reports Redis outages; these follow the same server
      connection.on('close', () => { this.#drop(other) })
      // The socket's 'end' (EOF, read in the poll phase) comes before ioredis' 'close' (the close phase): the tier
      // is bypassed as early as Node can tell.
      connection.on('connect', () => { connection.stream.once('end', () => { this.#drop(other) }) })
      connection.on('ready', () => { this.#establish().catch(error => { this.#options.onError(error, 'client tracking') }) })
      connection.connect().catch(() => {}) // retried by the client's strategy
    }
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: unknown) => { this.#message(channel, message) })
    this.#heartbeat = setInterval(() => { this.#ping() }, this.#options.heartbeatMs)
    this.#heartbeat.unref()
  }

  async stop (): Promise<void> {
    clearInterval(this.#heartbeat)
    this.#tier.reset()
    for (const connection of [this.#subscriber, this.#tracker]) {
      connection.removeAllListeners('close')
      connection.removeAllListeners('connect')
      connection.disconnect()
    }
  }

  #drop (other: Redis): void {
    this.#drops++
    this.#tier.reset()
    // The session is the pair: a tracker without its subscriber (or the reverse) cannot be trusted or reused.
    if (other.status === 'ready') other.disconnect(true)
  }

  // One set-up at a time, each 'ready' after the one before: the second connection's 'ready' may come while the
  // first one's set-up is still deciding that it must wait for it.
  async #establish (): Promise<void> {
    const next = (this.#establishing ?? Promise.resolve()).then(async () => { await this.#setUp() })
    const settled = next.finally(() => { if (this.#establishing === settled) this.#establishing = null })
    this.#establishing = settled
    await settled
  }

  async #setUp (): Promise<void> {
    if (this.#setUpAt === this.#drops) return
    if (this.#subscriber.status !== 'ready' || this.#tracker.status !== 'ready') return
    const drops = this.#drops
    const startedAt = performance.now()
    const id = await this.#subscriber.client('ID')
    await this.#subscriber.subscribe(CHANNEL)
    const prefix = this.#options.keyPrefix
    await this.#tracker.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(id), 'BCAST',
      'PREFIX', `${prefix}gen:`, 'PREFIX', `${prefix}${EPOCH_KEY}`, 'PREFIX', `${prefix}${LINEAGE_KEY}`)
    // A drop meanwhile started another session (or will, once both are back): this one is void.
    if (this.#drops !== drops) return
    this.#setUpAt = drops
    this.#tier.keys.activate(startedAt)
    this.#options.onEpochUntrusted()
  }

  #message (channel: Buffer, message: unknown): void {
    if (channel.toString() !== CHANNEL) return
    // RESP2: an array of keys; a null payload means every key (FLUSHALL, FLUSHDB).
    if (!Array.isArray(message)) {
      this.#tier.invalidate(null)
      this.#options.onEpochUntrusted()
      return
    }
    const prefix = this.#options.keyPrefix
    const keys = message.map(key => String(key).slice(prefix.length))
    this.#tier.invalidate(keys)
    if (keys.includes(EPOCH_KEY)) this.#options.onEpochUntrusted()
  }

  /**
   * True once Redis has answered a PING on the invalidation connection that was sent after this call: everything
   * Redis wrote to that connection before running the PING, every invalidation of a write acknowledged before
   * this call included, has been processed by then (one TCP stream, read in order). All the calls of one
   * event-loop turn share one PING, sent in the check phase. False if the connection failed or dropped meanwhile.
   */
  async sync (): Promise<boolean> {
    this.#barrier ??= new Promise(resolve => setImmediate(resolve)).then(async () => {
      this.#barrier = null // later calls need a PING sent after them
      const drops = this.#drops
      const sentAt = performance.now()
      try {
        await this.#subscriber.ping()
      } catch {
        return false
      }
      if (this.#drops !== drops) return false
      this.#tier.keys.confirm(sentAt)
      return true
    })
    return await this.#barrier
  }

  #ping (): void {
    if (this.#subscriber.status !== 'ready' || this.#establishing !== null) return
    const sentAt = performance.now()
    const drops = this.#drops
    this.#subscriber.ping().then(() => { if (this.#drops === drops) this.#tier.keys.confirm(sentAt) }, () => {})
  }
}
