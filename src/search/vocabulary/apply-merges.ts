import { FACETS } from '../../schemas/facets.ts'
import type { FacetValues } from '../facets/normalize.ts'
import { uniqueValues } from '../facets/text.ts'
import type { Merges } from './vocabulary-types.ts'

/** What ingest derives with: the merges of one vocabulary version. */
export interface DerivationVocabulary {
  merge: Merges
  /** Recorded on the document (`vocabulary_version`): the merges_version these merges are. */
  version: number
}

/**
 * Replaces merged values by their target, after normalization (so merges name canonical values). A closed facet's
 * unmapped text merged into one of its values is mapped from then on: it leaves `unmapped`. Only the facets change:
 * the analysis and its text are stored as sent, so the source's words stay searchable.
 */
export function applyMerges (facets: FacetValues, unmapped: FacetValues, merge: Merges): void {
  for (const facet of FACETS) {
    const map = merge[facet]
    if (map === undefined) continue
    facets[facet] = uniqueValues(facets[facet].map(value => mergedValue(map, value)))
    unmapped[facet] = unmapped[facet].filter(value => !Object.hasOwn(map, value))
  }
}

export function mergedValue (map: Record<string, string> | undefined, value: string): string {
  return map !== undefined && Object.hasOwn(map, value) ? map[value]! : value
}
