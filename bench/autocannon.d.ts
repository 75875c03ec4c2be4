// The slice of autocannon 9's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  interface Options {
    url: string
    connections?: number
    duration?: number
    method?: string
    headers?: Record<string, string>
    timeout?: number
    pipelining?: number
  }

  interface Result {
    /** Seconds the run really took. */
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    statusCodeStats: Record<string, { count: number }>
  }

  /** Emits `response` (client, statusCode, bytes, responseTimeMs) per answer; awaitable for the result. */
  type Instance = EventEmitter & PromiseLike<Result> & { stop: () => void }

  function autocannon (options: Options): Instance
  export default autocannon
}
