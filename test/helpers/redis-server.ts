import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from './free-port.ts'

/**
 * A throwaway redis-server on a free loopback port, for tests that take Redis away: stop() kills it (SIGKILL, like
 * a crash), start() brings it back on the same port (empty), pause()/resume() freeze it with its data kept
 * (SIGSTOP/SIGCONT: commands time out, the connection stays open).
 */
export class RedisServer {
  readonly port: number
  readonly #dir: string
  #child: ChildProcess | null = null

  private constructor (port: number) {
    this.port = port
    this.#dir = mkdtempSync(join(tmpdir(), 'redis-test-'))
  }

  static async launch (): Promise<RedisServer> {
    const server = new RedisServer(await freePort())
    await server.start()
    return server
  }

  get url (): string { return `redis://127.0.0.1:${this.port}` }

  async start (): Promise<void> {
    if (this.#child !== null) return
    this.#child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--dir', this.#dir, '--maxmemory', '64mb', '--maxmemory-policy', 'volatile-lru'], { stdio: 'ignore' })
    await this.#waitForPing()
  }

  async stop (): Promise<void> {
    const child = this.#child
    if (child === null) return
    this.#child = null
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGCONT')
      child.kill('SIGKILL')
      await exited
    }
  }

  pause (): void { this.#child?.kill('SIGSTOP') }
  resume (): void { this.#child?.kill('SIGCONT') }

  async close (): Promise<void> {
    await this.stop()
    rmSync(this.#dir, { recursive: true, force: true })
  }

  /** A plain client on this server (no prefix), for inspecting keys. */
  client (): Redis {
    return new Redis(this.url, { maxRetriesPerRequest: 1, lazyConnect: true })
  }

  async #waitForPing (): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
      probe.on('error', () => {})
      try {
        await probe.connect()
        if (await probe.ping() === 'PONG') return
      } catch {
        await new Promise(resolve => setTimeout(resolve, 50))
      } finally {
        probe.disconnect()
      }
    }
    throw new Error(`redis-server on port ${this.port} did not answer PING`)
  }
}
