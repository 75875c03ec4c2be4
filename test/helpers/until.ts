import { setTimeout as sleep } from 'node:timers/promises'

/** Polls `condition` every 25 ms until it holds (true) or `timeoutMs` passes (false). */
export async function until (condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await sleep(25)
  }
  return true
}
