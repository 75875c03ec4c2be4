/**
 * How far apart two values are, for "did you mean": the optimal string alignment distance (Levenshtein with
 * adjacent transpositions, so "forset" is one edit from "forest", as a typist sees it). Values are at most a few
 * hundred characters (SEARCH_LIMITS.valueLength), so the quadratic table is cheap.
 */
export function editDistance (a: string, b: string): number {
  if (a === b) return 0
  const m = a.length
  const n = b.length
  let before = new Array<number>(n + 1).fill(0)
  let previous = Array.from({ length: n + 1 }, (_, j) => j)
  for (let i = 1; i <= m; i++) {
    const current = new Array<number>(n + 1).fill(0)
    current[0] = i
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1)
      current[j] = best
    }
    before = previous
    previous = current
  }
  return previous[n]!
}

/** Edits a value of this length may be away and still be "meant": none under 4 characters, 2 from 8. */
export function allowedEdits (length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2
}

export interface Candidate {
  value: string
  count: number
}

/**
 * The candidates close to `wanted` (a value listed twice counts once), closest first (fewer edits, then more documents, then by value): within
 * allowedEdits, or sharing a prefix of at least 3 characters with it (one starts with the other: "jung" → jungle).
 */
export function closestValues (wanted: string, candidates: readonly Candidate[], limit: number): string[] {
  const scored: Array<Candidate & { distance: number }> = []
  const seen = new Set<string>([wanted])
  for (const candidate of candidates) {
    if (seen.has(candidate.value)) continue
    seen.add(candidate.value)
    const distance = editDistance(wanted, candidate.value)
    const shorter = Math.min(wanted.length, candidate.value.length)
    const prefix = shorter >= 3 && (candidate.value.startsWith(wanted) || wanted.startsWith(candidate.value))
    if (distance <= allowedEdits(wanted.length) || prefix) scored.push({ ...candidate, distance })
  }
  scored.sort((x, y) => x.distance - y.distance || y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
  return scored.slice(0, limit).map(candidate => candidate.value)
}
