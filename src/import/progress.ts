import type { ProgressState } from './run-import.ts'

const WIDTH = 24

/** One status line: a bar by input bytes, documents per second, errors and the time left. */
function progressLine (state: ProgressState, now = Date.now()): string {
  const fraction = state.totalBytes === 0 ? 1 : Math.min(1, state.bytes / state.totalBytes)
  const filled = Math.round(fraction * WIDTH)
  const seconds = Math.max(0.001, (now - state.startedAt) / 1000)
  const rate = state.stored / seconds
  const eta = fraction > 0 && fraction < 1 ? seconds * (1 - fraction) / fraction : 0
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
    `${state.stored.toLocaleString('en')} stored, ${Math.round(rate).toLocaleString('en')} docs/s, ` +
    `${state.rejected} rejected, ETA ${formatDuration(eta)}`
}

export function formatDuration (seconds: number): string {
  const s = Math.round(seconds)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** Redraws in place on a terminal; elsewhere (CI logs, files) prints a line every few seconds. */
export function progressReporter (stream: NodeJS.WriteStream, intervalMs = 2000): (state: ProgressState, final?: boolean) => void {
  let last = 0
  return (state, final = false) => {
    const now = Date.now()
    if (stream.isTTY) {
      stream.write(`\r${progressLine(state, now)}${final ? '\n' : ''}`)
    } else if (final || now - last >= intervalMs) {
      stream.write(`${progressLine(state, now)}\n`)
      last = now
    }
  }
}
