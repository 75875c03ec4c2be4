import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { freePort } from '../test/helpers/free-port.ts'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface Child {
  name: string
  url: string
  pid: number
  /** The process's last lines of stderr, for error messages. */
  stderr: () => string
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>
}

/** Every child still running, so that an interrupted bench stops them too. */
const running = new Set<Child>()

export async function stopAll (): Promise<void> {
  await Promise.all([...running].map(async child => { await child.stop(2000) }))
}

export interface SpawnOptions {
  name: string
  cwd: string
  script: string
  env: Record<string, string>
  /** Path answering 200 once the process is ready. */
  readyPath: string
  nodeArgs?: string[]
  readyTimeoutMs?: number
}

/** Starts `node <script>` (never through a shell: its pid is the Node process's) and waits until it answers. */
export async function spawnNode (options: SpawnOptions): Promise<Child> {
  const port = await freePort()
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let tail = ''
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => { tail = (tail + chunk).slice(-4000) })
  const exited = new Promise<void>(resolve => { proc.once('exit', () => { resolve() }) })
  const child: Child = {
    name: options.name,
    url: `http://127.0.0.1:${port}`,
    pid: proc.pid!,
    stderr: () => tail,
    stop: async (graceMs = 15_000) => {
      running.delete(child)
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    }
  }
  running.add(child)
  await waitReady(child, proc, options.readyPath, options.readyTimeoutMs ?? 60_000)
  return child
}

async function waitReady (child: Child, proc: ChildProcess, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${child.name} exited with ${proc.exitCode}:\n${child.stderr()}`)
    const status = await fetch(`${child.url}${path}`).then(res => res.status, () => 0)
    if (status === 200) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  await child.stop(1000)
  throw new Error(`${child.name} not ready after ${timeoutMs} ms:\n${child.stderr()}`)
}

/** Resident set size of a process in KiB (VmRSS of /proc/<pid>/status). */
export async function rssKiB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(match[1])
}
