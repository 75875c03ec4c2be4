/**
 * What this process knows of the Redis keys that client-side caching tracks (`gen:{tenant}`, `epoch`): the values
 * a tier hit may trust without asking Redis. A value is trusted only while tracking is on and confirmed recently
 * (the lease, renewed by the tracking connection's heartbeat), and only if it was read after tracking was on and
 * no invalidation of its key arrived since the read was sent (docs/cache.md, "The in-process tier").
 *
 * A read takes a ticket before it sends its command and settles it with the value it got: the ticket is the map's
 * slot for the key, and every invalidation of the key removes the slot, so a ticket that is no longer in the map
 * missed an invalidation and is refused.
 */
export interface Ticket {
  value: string | null
}

export class TrackedKeys {
  readonly #values = new Map<string, Ticket>()
  readonly #leaseMs: number
  readonly #now: () => number
  #on = false
  #confirmedAt = -Infinity

  constructor (leaseMs: number, now: () => number = () => performance.now()) {
    this.#leaseMs = leaseMs
    this.#now = now
  }

  /** Tracking is on and its connection proved alive within the lease: every invalidation sent so far arrived. */
  get active (): boolean {
    return this.#on && this.#now() - this.#confirmedAt < this.#leaseMs
  }

  /** Tracking was (re-)established at `sentAt` (when its first command was sent): starts empty. */
  activate (sentAt: number): void {
    this.#values.clear()
    this.#on = true
    this.#confirmedAt = sentAt
  }

  /** The connection answered a heartbeat sent at `sentAt`: every invalidation Redis wrote before it has arrived. */
  confirm (sentAt: number): void {
    if (sentAt > this.#confirmedAt) this.#confirmedAt = sentAt
  }

  /** Tracking lost (a connection dropped): nothing known can be trusted any more, nothing is learned until it is back. */
  deactivate (): void {
    this.#on = false
    this.#values.clear()
  }

  /** Taken before the command that reads `key` is sent; null while tracking is not active. */
  begin (key: string): Ticket | null {
    if (!this.active) return null
    let ticket = this.#values.get(key)
    if (ticket === undefined) this.#values.set(key, ticket = { value: null })
    return ticket
  }

  /**
   * Records the value the ticket's read got; true when it is now the trusted value of the key. The first settled
   * value stays: a later read that got another one saw a write whose invalidation will remove the slot.
   */
  settle (key: string, ticket: Ticket, value: string): boolean {
    if (!this.active || this.#values.get(key) !== ticket) return false
    ticket.value ??= value
    return ticket.value === value
  }

  /** True while `ticket` is still the key's slot: no invalidation of the key arrived since it was taken. */
  holds (key: string, ticket: Ticket): boolean {
    return this.active && this.#values.get(key) === ticket
  }

  /** The trusted value of the key, or null. */
  value (key: string): string | null {
    if (!this.active) return null
    return this.#values.get(key)?.value ?? null
  }

  /** Every key was invalidated (FLUSHALL, FLUSHDB): tracking stays on, nothing known is trusted. */
  forgetAll (): void {
    this.#values.clear()
  }

  /** An invalidation message named the key (or a write here advanced it). */
  invalidate (key: string): void {
    this.#values.delete(key)
  }
}
