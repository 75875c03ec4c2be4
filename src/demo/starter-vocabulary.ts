import type { Client } from '@elastic/elasticsearch'
import type { IndexNames } from '../search/index/index-names.ts'
import { changeVocabulary, VocabularyPreconditionError } from '../search/vocabulary/change-vocabulary.ts'
import type { Vocabulary } from '../search/vocabulary/vocabulary-types.ts'

/**
 * The demo tenant's starter vocabulary (docs/vocabulary.md): the generators' synonyms for one environment or mood
 * merged into the most frequent wording, the unmapped camera angle of the demo corpus into the closed value it is
 * shot at, and search synonyms for the settings people name in several ways.
 */
export const STARTER_VOCABULARY: Vocabulary = {
  merge: {
    environment: { exterior: 'outdoor', outdoors: 'outdoor', interior: 'indoor', indoors: 'indoor' },
    mood: { serene: 'calm', peaceful: 'calm', tranquil: 'calm', contemplative: 'pensive', somber: 'melancholic' },
    camera_angle: { 'over-the-shoulder': 'eye-level' }
  },
  synonyms: [['woods', 'forest', 'woodland'], ['seaside', 'beach', 'shore', 'coast'], ['city', 'urban']]
}

/** Stores the starter vocabulary when the tenant has none; true when it did (its documents then need re-deriving). */
export async function ensureStarterVocabulary (es: Client, names: IndexNames, tenant: string): Promise<boolean> {
  try {
    await changeVocabulary(es, names, tenant, STARTER_VOCABULARY, 'unsaid')
    return true
  } catch (error) {
    // The tenant has a vocabulary already (the starter one, or a curator's): it is theirs, left alone.
    if (error instanceof VocabularyPreconditionError) return false
    throw error
  }
}
