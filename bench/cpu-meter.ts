import { readFileSync } from 'node:fs'

/** CPU used during a measurement, in cores (1 = one core busy all the time), per process and for the rest. */
export interface CpuUsage {
  processes: Record<string, number>
  /** Other processes of the machine (someone else's test run): user and system time no named process used. */
  other: number
  /** Interrupt and softirq time (loopback networking lands here), charged to no process. */
  irq: number
  /** All of the machine's busy time. */
  total: number
}

const TICKS_PER_S = 100

/** Ticks of the whole machine (/proc/stat: user nice system idle iowait irq softirq steal). */
function machineTicks (): { busy: number, processes: number, irq: number } {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number) as number[]
  return { busy: user! + nice! + system! + irq! + softirq! + steal!, processes: user! + nice! + system!, irq: irq! + softirq! }
}

/** utime + stime of a process (all its threads); 0 once it is gone. */
function processTicks (pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

/**
 * Measures who used the CPU between begin() and end(): the named processes (service, limit server, load
 * generator, Elasticsearch, Redis) and everything else. Linux only (/proc), resolution 10 ms.
 */
export class CpuMeter {
  readonly #pids: Record<string, number>
  #start: { at: number, machine: ReturnType<typeof machineTicks>, processes: Record<string, number> } | null = null

  constructor (pids: Record<string, number>) {
    this.#pids = pids
  }

  begin (): void {
    this.#start = { at: performance.now(), machine: machineTicks(), processes: this.#sample() }
  }

  end (): CpuUsage {
    const start = this.#start
    if (start === null) throw new Error('CpuMeter.end() without begin()')
    const seconds = (performance.now() - start.at) / 1000
    const machine = machineTicks()
    const now = this.#sample()
    const cores = (ticks: number) => ticks / TICKS_PER_S / seconds
    const processes: Record<string, number> = {}
    let known = 0
    for (const name of Object.keys(this.#pids)) {
      const ticks = Math.max(0, now[name]! - start.processes[name]!)
      known += ticks
      processes[name] = round(cores(ticks))
    }
    const other = machine.processes - start.machine.processes - known
    return { processes, other: round(Math.max(0, cores(other))), irq: round(cores(machine.irq - start.machine.irq)), total: round(cores(machine.busy - start.machine.busy)) }
  }

  #sample (): Record<string, number> {
    return Object.fromEntries(Object.entries(this.#pids).map(([name, pid]) => [name, processTicks(pid)]))
  }
}

// Three decimals: the CPU per request divides these by thousands of requests per second.
const round = (n: number) => Math.round(n * 1000) / 1000

/**
 * CPU per unit of work, in microseconds: the cores the named processes used × 10⁶ / units per second (requests
 * or documents). Null when a process was not measured or nothing was done.
 */
export function microsPer (cpu: CpuUsage, processes: readonly string[], perSecond: number): number | null {
  if (!(perSecond > 0) || processes.some(name => cpu.processes[name] === undefined)) return null
  return processes.reduce((cores, name) => cores + cpu.processes[name]!, 0) * 1e6 / perSecond
}

/**
 * Waits (up to `maxWaitS`) until the rest of the machine uses less than `threshold` cores over a second, so a
 * measurement does not start in the middle of someone else's test run. Returns the last reading.
 */
export async function waitForQuiet (pids: Record<string, number>, threshold: number, maxWaitS: number, log: (line: string) => void): Promise<number> {
  const deadline = performance.now() + maxWaitS * 1000
  let warned = false
  for (;;) {
    const meter = new CpuMeter(pids)
    meter.begin()
    await new Promise(resolve => setTimeout(resolve, 1000))
    const other = meter.end().other
    if (other < threshold || performance.now() >= deadline) {
      if (other >= threshold) log(`  the machine is still busy (${other} cores used by other processes): measuring anyway`)
      return other
    }
    if (!warned) log(`  waiting for other processes to calm down (${other} cores busy)…`)
    warned = true
  }
}

export interface Quiet {
  /** Other processes using fewer cores than this count as a quiet machine. */
  threshold: number
  /** Seconds to wait for a quiet machine before a measurement; 0 neither waits nor repeats. */
  maxWaitS: number
  /** Measurements repeated at most this many times when other processes were busy during them. */
  retries: number
}

/**
 * Runs a measurement on a quiet machine: waits for other processes to calm down, measures, and measures again
 * (up to `retries` times) when they were busy meanwhile. Returns the quietest attempt, with how many were made.
 */
export async function quietly<T extends { cpu: CpuUsage }> (pids: Record<string, number>, quiet: Quiet, log: (line: string) => void, measure: () => Promise<T>): Promise<T & { attempts: number }> {
  let best: T | undefined
  let attempts = 0
  const retries = quiet.maxWaitS > 0 ? quiet.retries : 0
  while (attempts <= retries) {
    if (quiet.maxWaitS > 0) await waitForQuiet(pids, quiet.threshold, quiet.maxWaitS, log)
    const result = await measure()
    attempts++
    if (best === undefined || result.cpu.other < best.cpu.other) best = result
    if (result.cpu.other < quiet.threshold) break
    log(`  other processes used ${result.cpu.other} cores during the measurement${attempts <= retries ? ': measuring again' : ''}`)
  }
  return { ...best!, attempts }
}
