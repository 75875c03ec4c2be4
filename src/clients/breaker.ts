/**
 * A circuit breaker for calls to a server that may stop answering without closing its connection (a frozen or
 * partitioned Redis: ioredis stays `ready`, every command waits its full timeout). After a failed call the
 * breaker opens for `openMs`: callers skip the server and use their fallback at once. When the period is over,
 * one caller alone is let through as a trial; the others keep falling back until it succeeds (closed) or fails
 * (open again). So a server that stays frozen costs one command timeout per period, paid by one caller.
 *
 * A caller let through by `allow()` reports the outcome of its call with `succeeded()` or `failed()`; a trial that
 * never reports holds its slot one period at most, then another caller becomes the trial.
 */
export class Breaker {
  readonly openMs: number
  readonly #now: () => number
  #openUntil = 0
  #tripped = false

  constructor (openMs: number, now: () => number = () => performance.now()) {
    this.openMs = openMs
    this.#now = now
  }

  /** True from a failed call until a successful one: calls are skipped, but for one trial per period. */
  get open (): boolean {
    return this.#tripped
  }

  /** True while every call is skipped (open, its period not over): a check that claims no trial. */
  get skipping (): boolean {
    return this.#tripped && this.#now() < this.#openUntil
  }

  /** Whether this caller may call the server now; the first caller after an open period becomes the trial. */
  allow (): boolean {
    if (!this.#tripped) return true
    const now = this.#now()
    if (now < this.#openUntil) return false
    this.#openUntil = now + this.openMs
    return true
  }

  succeeded (): void {
    this.#tripped = false
  }

  failed (): void {
    this.#tripped = true
    this.#openUntil = this.#now() + this.openMs
  }
}
