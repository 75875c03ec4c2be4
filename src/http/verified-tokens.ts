import { FifoMap } from 'toad-cache'
import type { Principal } from './principal.ts'

/** How long a verified token is trusted without a new check of its signature (fast-jwt's own cache default). */
export const VERIFIED_TTL_MS = 600_000

interface Verified { principal: Principal, from: number, until: number }

/**
 * Principals of tokens already verified, keyed by the Authorization header exactly as it arrived: clients reuse one
 * token for many requests, and decoding, hashing and checking it again was a fifth of a cached read's CPU. Only
 * tokens that passed every check are kept (a refusal is always made afresh), each with the window in which the
 * verifier would accept it again: `nbf` − tolerance to `exp` + tolerance, as fast-jwt's validators compare, and at
 * most VERIFIED_TTL_MS after the check (a key withdrawn from the JWKS stops being trusted by then). Outside the window
 * the entry is dropped and the token goes through the verifier, which gives the precise refusal (`expired`).
 * Bounded by count, oldest first out: a flood of distinct tokens evicts, it cannot grow the heap.
 */
export class VerifiedTokens {
  readonly #entries: FifoMap<Verified>
  readonly #toleranceMs: number

  constructor (toleranceMs: number, max = 2000) {
    this.#toleranceMs = toleranceMs
    this.#entries = new FifoMap(max)
  }

  get size (): number { return this.#entries.size }

  /** The principal of `header` when its token was verified and is still inside its window at `now`. */
  get (header: string, now: number): Principal | undefined {
    const entry = this.#entries.get(header)
    if (entry === undefined) return undefined
    if (now >= entry.from && now <= entry.until) return entry.principal
    this.#entries.delete(header)
    return undefined
  }

  /** Remembers a token that passed verification at `now`, with the exp/nbf claims the verifier checked. */
  set (header: string, principal: Principal, claims: Record<string, unknown>, now: number): void {
    const { exp, nbf } = claims
    // exp is a required claim; a verifier that let a token without a numeric one through is not trusted here.
    if (typeof exp !== 'number') return
    const from = typeof nbf === 'number' ? nbf * 1000 - this.#toleranceMs : 0
    const until = Math.min(exp * 1000 + this.#toleranceMs, now + VERIFIED_TTL_MS)
    Object.freeze(principal.roles)
    this.#entries.set(header, { principal: Object.freeze(principal), from, until })
  }
}
