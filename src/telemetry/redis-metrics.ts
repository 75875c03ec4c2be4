import { Counter, Histogram, type Registry } from 'prom-client'
import type { Cluster, Redis } from 'ioredis'

/** Redis answers in well under a millisecond on a healthy network; the command timeout caps the top. */
const REDIS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]

interface SentCommand { name: string, promise: Promise<unknown> }
type Send = (command: SentCommand, ...rest: unknown[]) => unknown

/** timeout (REDIS_COMMAND_TIMEOUT_MS), unavailable (not connected: no offline queue), reply (Redis refused), other. */
export function redisErrorKind (error: Error): string {
  if (/timed out/i.test(error.message)) return 'timeout'
  if (/writeable|closed|connection/i.test(error.message)) return 'unavailable'
  return error.name === 'ReplyError' ? 'reply' : 'other'
}

/**
 * Latency and errors of every Redis command, by command name (a bounded set). ioredis has no command events, so
 * the client's own sendCommand is wrapped (what OpenTelemetry's ioredis instrumentation does to the prototype);
 * scripts and pipelines go through it too. Returns the function that restores it.
 */
export function redisMetrics (registry: Registry, client: Redis | Cluster): () => void {
  const latency = new Histogram<'command'>({ name: 'ias_redis_command_duration_seconds', help: 'Redis commands, by command', labelNames: ['command'], buckets: REDIS_BUCKETS, registers: [registry] })
  const errors = new Counter<'command' | 'error'>({ name: 'ias_redis_command_errors_total', help: 'Redis commands that failed, by command and error (timeout, unavailable, reply, other)', labelNames: ['command', 'error'], registers: [registry] })
  const timers = new Map<string, Histogram.Internal<'command'>>()
  const target = client as unknown as { sendCommand: Send }
  const send = target.sendCommand
  target.sendCommand = function (this: unknown, command, ...rest) {
    const started = performance.now()
    const result = send.call(this, command, ...rest)
    const name = command.name
    command.promise.then(() => {
      let timer = timers.get(name)
      if (timer === undefined) timers.set(name, timer = latency.labels(name))
      timer.observe((performance.now() - started) / 1000)
    }, (error: Error) => {
      const kind = redisErrorKind(error)
      // ioredis sends CLIENT SETINFO on connect; servers before 7.2 refuse it, which is harmless.
      if (name !== 'client' || kind !== 'reply') errors.labels(name, kind).inc()
    })
    return result
  }
  return () => { target.sendCommand = send }
}
