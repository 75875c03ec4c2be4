import type { LightSource } from '../facets/light-sources.ts'

/**
 * The token of one (type, colour) combination of one light source. JSON keeps the two parts apart whatever they
 * contain, so no type/colour split can be read two ways.
 */
export function sourcePair (type: string, color: string): string {
  return JSON.stringify([type, color])
}

/**
 * Every (type, colour) combination of each source, never across sources: "sunlight, cool blue" and "neon sign,
 * golden" give no sunlight-golden token. Indexed as `light_pairs` so that a selection of both keys is one terms query.
 */
export function sourcePairs (sources: readonly LightSource[]): string[] {
  const pairs = new Set<string>()
  for (const source of sources) {
    for (const type of source.type) for (const color of source.color) pairs.add(sourcePair(type, color))
  }
  return [...pairs]
}
