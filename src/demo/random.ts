/**
 * A tiny seeded PRNG (sfc32, seeded through splitmix32) and the sampling helpers the demo corpus needs.
 * Math.random is never used: the corpus must be byte-identical for a given seed on every machine.
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  next (): number
  /** Uniform integer in [a, b], both inclusive. */
  int (a: number, b: number): number
  chance (p: number): boolean
  pick<T> (items: readonly T[]): T
  /** Zipf-like pick: the item of rank k (0-based) has weight 1 / (k + 1)^s. */
  zipfPick<T> (items: readonly T[], s?: number): T
  /** `n` distinct items (fewer if the list is shorter), drawn with `zipfPick` skew when `s` is given. */
  sample<T> (items: readonly T[], n: number, s?: number): T[]
}

/** splitmix32 step: decorrelates nearby seeds (seed 42 index 1 vs index 2) before they enter sfc32. */
export function mix32 (x: number): number {
  x = (x + 0x9e3779b9) | 0
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad)
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97)
  return (x ^ (x >>> 15)) >>> 0
}

/** A 32-bit seed for stream `index` of master seed `seed`, so document i never depends on documents < i. */
export function streamSeed (seed: number, index: number): number {
  const hi = Math.floor(index / 0x100000000)
  return mix32(mix32(seed >>> 0) ^ mix32(index >>> 0) ^ Math.imul(hi, 0x85ebca6b))
}

// Cumulative weights per (vocabulary, exponent), computed once: vocabularies are module-level constants.
const zipfTables = new WeakMap<readonly unknown[], Map<number, Float64Array>>()

export function zipfTable (items: readonly unknown[], s: number): Float64Array {
  let byExponent = zipfTables.get(items)
  if (byExponent === undefined) {
    byExponent = new Map()
    zipfTables.set(items, byExponent)
  }
  let table = byExponent.get(s)
  if (table === undefined) {
    table = new Float64Array(items.length)
    let total = 0
    for (let k = 0; k < items.length; k++) {
      total += 1 / Math.pow(k + 1, s)
      table[k] = total
    }
    for (let k = 0; k < items.length; k++) table[k] /= total
    byExponent.set(s, table)
  }
  return table
}

export function createRng (seed: number): Rng {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0

  function next (): number {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 0x100000000
  }
  // sfc32 needs a few rounds before similar seeds diverge.
  for (let i = 0; i < 12; i++) next()

  function int (lo: number, hi: number): number {
    return lo + Math.floor(next() * (hi - lo + 1))
  }

  function pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[Math.floor(next() * items.length)] as T
  }

  function zipfPick<T> (items: readonly T[], s = 1.1): T {
    if (items.length === 0) throw new RangeError('zipfPick from an empty list')
    const table = zipfTable(items, s)
    const r = next()
    let lo = 0
    let hi = items.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((table[mid] as number) <= r) lo = mid + 1
      else hi = mid
    }
    return items[lo] as T
  }

  function sample<T> (items: readonly T[], n: number, s?: number): T[] {
    const want = Math.min(n, items.length)
    const out: T[] = []
    // Rejection is cheap here: `want` is tiny compared to the vocabularies.
    for (let tries = 0; out.length < want && tries < want * 20; tries++) {
      const item = s === undefined ? pick(items) : zipfPick(items, s)
      if (!out.includes(item)) out.push(item)
    }
    return out
  }

  return { next, int, chance: (p) => next() < p, pick, zipfPick, sample }
}
