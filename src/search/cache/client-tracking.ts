import type { Redis } from 'ioredis'
import { EPOCH_KEY, LINEAGE_KEY } from './keys.ts'
import type { LocalTier } from './local-tier.ts'

const CHANNEL = '__redis__:invalidate'

export interface ClientTrackingOptions {
  /** The client's key prefix: BCAST prefixes are raw key prefixes, and invalidated keys arrive prefixed. */
  keyPrefix: string
  /** The connection is PINGed this often; each answer renews the tier's lease (TrackedKeys). */
  heartbeatMs: number
  /** The epoch must be read again to be trusted: tracking just started, or an invalidation named it. */
  onEpochUntrusted: () => void
  onError: (error: unknown, context: string) => void
}

/**
 * Redis client-side caching for the in-process tier (RESP2, BCAST), on one connection of its own: `CLIENT ID`,
 * then `CLIENT TRACKING on REDIRECT <its own id> BCAST PREFIX …` for the generation, epoch and lineage keys, then
 * `SUBSCRIBE __redis__:invalidate`. In BCAST mode Redis sends an invalidation for every write of a key under those
 * prefixes, by any client, without tracking what anyone read: the reads themselves stay on the main client.
 *
 * One connection, not a tracking one redirecting to a subscriber: the invalidations, the PONG of a sync and the
 * end of the connection then travel on one TCP stream, in order; two connections give no order between them (a
 * killed tracking connection could go unnoticed while the subscriber still answers). When it drops, the tier is
 * emptied and bypassed; when it is back, tracking is set up again from scratch (docs/cache.md, "The in-process tier").
 */
export class ClientTracking {
  readonly #tier: LocalTier
  readonly #options: ClientTrackingOptions
  readonly #connection: Redis
  #drops = 0
  #stopped = false
  #barrier: Promise<boolean> | null = null
  /** The sync PING on its way (settles when answered or failed); the next one waits for it. */
  #inFlight: Promise<unknown> | null = null
  #heartbeat: NodeJS.Timeout | undefined

  constructor (redis: Redis, tier: LocalTier, options: ClientTrackingOptions) {
    this.#tier = tier
    this.#options = options
    this.#connection = redis.duplicate({ keyPrefix: '', autoResubscribe: false, lazyConnect: true, enableOfflineQueue: false, connectionName: 'ias-invalidations' })
    tier.sync = async () => await this.sync()
  }

  start (): void {
    const connection = this.#connection
    connection.on('error', () => {}) // the main client reports Redis outages; this one follows the same server
    connection.on('close', () => { this.#drop() })
    // The socket's 'end' (EOF, read in the poll phase) comes before ioredis' 'close' (the close phase): the tier
    // is bypassed as early as Node can tell.
    connection.on('connect', () => { connection.stream.once('end', () => { this.#drop() }) })
    connection.on('ready', () => { this.#setUp().catch(error => { this.#setUpFailed(error) }) })
    connection.on('messageBuffer', (channel: Buffer, message: unknown) => { this.#message(channel, message) })
    connection.connect().catch(() => {}) // retried by the client's strategy
    this.#heartbeat = setInterval(() => { this.#ping() }, this.#options.heartbeatMs)
    this.#heartbeat.unref()
  }

  async stop (): Promise<void> {
    this.#stopped = true
    clearInterval(this.#heartbeat)
    this.#tier.reset()
    this.#connection.removeAllListeners('close')
    this.#connection.removeAllListeners('connect')
    this.#connection.disconnect()
  }

  #drop (): void {
    this.#drops++
    this.#tier.reset()
  }

  /** Runs on every 'ready': a new connection, with neither tracking nor subscription. */
  async #setUp (): Promise<void> {
    const drops = this.#drops
    const startedAt = performance.now()
    const id = await this.#connection.client('ID')
    const prefix = this.#options.keyPrefix
    await this.#connection.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(id), 'BCAST',
      'PREFIX', `${prefix}gen:`, 'PREFIX', `${prefix}${EPOCH_KEY}`, 'PREFIX', `${prefix}${LINEAGE_KEY}`)
    await this.#connection.subscribe(CHANNEL)
    // A drop meanwhile: this connection is gone, the next 'ready' sets up the next one.
    if (this.#drops !== drops) return
    this.#tier.keys.activate(startedAt)
    this.#options.onEpochUntrusted()
  }

  /**
   * A command of the set-up failed (timed out on a busy server, refused): the connection stays up but tracks
   * nothing, and no other 'ready' would come. It is dropped and made again, so the set-up runs on a new one.
   */
  #setUpFailed (error: unknown): void {
    this.#options.onError(error, 'client tracking')
    if (!this.#stopped) this.#connection.disconnect(true)
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
   * this call included, has been processed by then (one TCP stream, read in order). One sync PING is in flight at
   * a time: the calls of one event-loop turn share the next PING, sent in the check phase, or, while one is on its
   * way, as soon as it is answered (then every call made during its round trip shares the next one, so a busy
   * instance sends one PING per round trip rather than one per turn). False if the connection failed or dropped
   * meanwhile.
   */
  async sync (): Promise<boolean> {
    this.#barrier ??= (this.#inFlight ?? new Promise(resolve => setImmediate(resolve))).then(async () => {
      this.#barrier = null // later calls need a PING sent after them
      const drops = this.#drops
      const sentAt = performance.now()
      const answered = this.#connection.ping().then(() => true, () => false)
      const inFlight = this.#inFlight = answered.finally(() => { if (this.#inFlight === inFlight) this.#inFlight = null })
      if (!await answered || this.#drops !== drops) return false
      this.#tier.keys.confirm(sentAt)
      return true
    })
    return await this.#barrier
  }

  #ping (): void {
    if (this.#connection.status !== 'ready') return
    const sentAt = performance.now()
    const drops = this.#drops
    this.#connection.ping().then(() => { if (this.#drops === drops) this.#tier.keys.confirm(sentAt) }, () => {})
  }
}
