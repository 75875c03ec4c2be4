/**
 * Identical concurrent calls share one execution in this process: the first caller runs `fn`, later callers with
 * the same key get its promise until it settles.
 */
export class SingleFlight<T> {
  readonly #flights = new Map<string, Promise<T>>()

  async run (key: string, fn: () => Promise<T>, onShared?: () => void): Promise<{ value: T, shared: boolean }> {
    const running = this.#flights.get(key)
    if (running !== undefined) {
      onShared?.()
      return { value: await running, shared: true }
    }
    const flight = fn().finally(() => { this.#flights.delete(key) })
    this.#flights.set(key, flight)
    return { value: await flight, shared: false }
  }
}
