import type { FastifyRequest } from 'fastify'
import { FifoMap } from 'toad-cache'

/** Longer URLs are parsed every time: they are rarely hot, and would make the bound in bytes meaningless. */
const REMEMBERED_URL = 2048

/**
 * What a route made of a query string, remembered by the URL exactly as it arrived. A hot cached read comes with the
 * same URL again and again, and canonicalizing it (parameters, facet values, canonical JSON) was a sixth of its CPU;
 * the result depends on nothing else, so the second request reuses the first one's. Only URLs the schema accepted
 * are remembered, and `parse` throwing (a domain problem) remembers nothing: a bad request is read afresh every
 * time, with all its problems. Values are frozen, as every later request shares them. Bounded by count (oldest
 * first out) and by URL length.
 */
export class ParsedQueries<T extends object> {
  readonly #known: FifoMap<T>

  constructor (max = 1000) {
    this.#known = new FifoMap(max)
  }

  of (request: FastifyRequest, parse: () => T): T {
    const url = request.url
    const rememberable = request.validationError === undefined && url.length <= REMEMBERED_URL
    const known = rememberable ? this.#known.get(url) : undefined
    if (known !== undefined) return known
    const value = parse()
    if (rememberable) this.#known.set(url, deepFreeze(value))
    return value
  }
}

function deepFreeze<T> (value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}
