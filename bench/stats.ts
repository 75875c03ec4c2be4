/** Nearest-rank percentile of a list of numbers; null when the list is empty. */
export function percentile (values: number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p / 100 * sorted.length)))
  return sorted[rank - 1]!
}

/** Spread of repeated measurements: (max − min) / mean, as a fraction; 0 for a single one. */
export function spread (values: number[]): number {
  if (values.length < 2) return 0
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  return mean === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / mean
}

export function ratio (a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null
  return a / b
}
