import type { FacetName } from '../../schemas/facets.ts'

/** Per facet: source value → the value replacing it. */
export type Merges = Partial<Record<FacetName, Record<string, string>>>

export interface Vocabulary {
  merge: Merges
  synonyms: string[][]
}

/** The per-tenant document of the vocabulary index (vocabulary-store.ts). */
export interface StoredVocabulary extends Vocabulary {
  tenant: string
  /** Advances on every change (the ETag). */
  version: number
  /** The version whose merges documents are derived with: the last one that changed `merge`. */
  merges_version: number
  /**
   * The merges of older versions that documents in the index may still be derived with (the identity, `{}`, for
   * documents from before the first vocabulary); emptied once the re-derivation of `merges_version` is done.
   */
  in_flight: Merges[]
  /** The merges_version every document of the tenant is derived with (the re-derivation finished). */
  rederived_version: number
  updated_at: string
}

/** A tenant without a vocabulary: version 0, nothing merged, nothing pending. */
export function emptyVocabulary (tenant: string): StoredVocabulary {
  return { tenant, version: 0, merges_version: 0, in_flight: [], rederived_version: 0, merge: {}, synonyms: [], updated_at: new Date(0).toISOString() }
}

/** True while documents derived with older merges may remain. */
export function rollingOut (vocabulary: StoredVocabulary): boolean {
  return vocabulary.rederived_version < vocabulary.merges_version
}
