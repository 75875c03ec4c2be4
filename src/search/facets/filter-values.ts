/**
 * A filter value read the way a document's text is (issue 12: filters that read like documents): the rule of the
 * facet's row in FACETS.md turns it into canonical values, so `lens=Telephoto lens (estimated 85mm-135mm)` selects
 * `telephoto` and `setting=Jungle / Riverbank` selects `jungle` and `riverbank`.
 */
import { CLOSED_VALUES, type FacetName } from '../../schemas/facets.ts'
import { cameraAngles } from './camera-angle.ts'
import { depthOfField } from './depth-of-field.ts'
import { addMoodValues } from './mood.ts'
import { lensOf } from './normalize.ts'
import { addSplitValues, canonicalize, NEGATIVE_SEPARATOR, uniqueValues } from './text.ts'
import { capValue } from './value-cap.ts'

export type ClosedFacet = keyof typeof CLOSED_VALUES & FacetName

export function isClosedFacet (facet: FacetName): facet is ClosedFacet {
  return Object.hasOwn(CLOSED_VALUES, facet)
}

/**
 * The canonical values a filter text selects (several when the text names several: they OR, like repeated values).
 * Nothing for a text that is only spaces and punctuation. `null` for a closed vocabulary (lens, depth_of_field, camera_angle) when the text names none of its values: a
 * document with that wording would be unmapped, and unmapped texts are not selectable (the caller says what is).
 */
export function filterValues (facet: FacetName, text: string): string[] | null {
  // Cut like a document's values (value-cap.ts), so a long text selects what the same text stored.
  return readValues(facet, text)?.map(capValue) ?? null
}

function readValues (facet: FacetName, text: string): string[] | null {
  const canonical = canonicalize(text)
  if (canonical === '') return []
  switch (facet) {
    case 'lens': {
      const { lens } = lensOf(canonical)
      return lens === null ? null : [lens]
    }
    case 'depth_of_field': {
      const depth = depthOfField(canonical)
      return depth === null ? null : [depth]
    }
    case 'camera_angle': {
      const angles = cameraAngles(canonical)
      return angles.length === 0 ? null : angles
    }
    case 'mood': {
      const values: string[] = []
      addMoodValues(values, canonical)
      return uniqueValues(values)
    }
    default: {
      const values: string[] = []
      addSplitValues(values, canonical, facet === 'negative' ? NEGATIVE_SEPARATOR : undefined)
      return uniqueValues(values)
    }
  }
}
