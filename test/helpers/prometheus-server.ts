import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from './free-port.ts'

interface Sample { metric: Record<string, string>, value: [number, string] }

/**
 * A real Prometheus (Debian's package, installed by scripts/test.sh when missing) on a free loopback port with its
 * own throwaway TSDB, scraping the given targets every second. Stopped by its pid.
 */
export class PrometheusServer {
  readonly url: string
  readonly #dir: string
  readonly #child: ChildProcess

  private constructor (url: string, dir: string, child: ChildProcess) {
    this.url = url
    this.#dir = dir
    this.#child = child
  }

  static async launch (job: string, targets: string[]): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-test-'))
    const config = join(dir, 'prometheus.yml')
    writeFileSync(config, [
      'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      `  - job_name: ${job}`,
      `    static_configs: [{ targets: [${targets.map(target => `'${target}'`).join(', ')}] }]`,
      ''
    ].join('\n'))
    const port = await freePort()
    const child = spawn('prometheus', [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`,
      `--storage.tsdb.path=${join(dir, 'data')}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr!.on('data', chunk => { stderr += String(chunk) })
    const failed = new Promise<never>((_resolve, reject) => {
      child.once('error', error => reject(new Error(`prometheus did not start (${error.message}); scripts/test.sh installs Debian's package`)))
      child.once('exit', code => reject(new Error(`prometheus exited with ${code}: ${stderr.slice(-2000)}`)))
    })
    const server = new PrometheusServer(`http://127.0.0.1:${port}`, dir, child)
    await Promise.race([failed, server.#ready(30_000)])
    return server
  }

  /** An instant query through the HTTP API. */
  async query (promql: string): Promise<Sample[]> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`)
    const answer = await response.json() as { status: string, data: { result: Sample[] }, error?: string }
    if (answer.status !== 'success') throw new Error(`query ${promql}: ${answer.error}`)
    return answer.data.result
  }

  /** Every series matching a selector (names and labels), for cardinality checks. */
  async series (selector: string): Promise<Array<Record<string, string>>> {
    const response = await fetch(`${this.url}/api/v1/series?match[]=${encodeURIComponent(selector)}`)
    return (await response.json() as { data: Array<Record<string, string>> }).data
  }

  /** Polls `promql` until `accept` takes its result (true) or `timeoutMs` passes (false): samples come by scrape. */
  async eventually (promql: string, accept: (samples: Sample[]) => boolean, timeoutMs = 30_000): Promise<Sample[]> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const samples = await this.query(promql)
      if (accept(samples) || Date.now() > deadline) return samples
      await sleep(250)
    }
  }

  async #ready (timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while ((await fetch(`${this.url}/-/ready`).catch(() => null))?.ok !== true) {
      if (Date.now() > deadline) throw new Error('prometheus did not become ready')
      await sleep(100)
    }
  }

  async close (): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      const exited = new Promise(resolve => this.#child.once('exit', resolve))
      this.#child.kill('SIGTERM')
      await exited
    }
    rmSync(this.#dir, { recursive: true, force: true })
  }
}
