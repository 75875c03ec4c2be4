/**
 * Depth of field from `technical_aspects.depth_of_field` (FACETS.md `depth_of_field` row).
 * Input is canonical text.
 */
import type { CLOSED_VALUES } from '../../schemas/facets.ts'
import { wordPattern } from './text.ts'

export type DepthOfField = typeof CLOSED_VALUES.depth_of_field[number]

// "wide/large aperture" means an open aperture (a shallow depth), so neither word counts there as deep.
const NOT_APERTURE = '(?![- ](?:aperture|open))'

/** One group per class; the leftmost match in the text is the class word named first. */
const DEPTH_WORDS = wordPattern(
  '(shallow|narrow|thin|bokeh)' +
  '|(medium|moderate)' +
  `|(deep|large${NOT_APERTURE}|everything (?:is )?in focus|wide${NOT_APERTURE})`
)

/**
 * FACETS.md asks for one value. When a text names several classes the first named wins: generators
 * lead with the verdict and qualify after ("Shallow, background blurred, deep shadows" is shallow).
 */
export function depthOfField (text: string): DepthOfField | null {
  const m = DEPTH_WORDS.exec(text)
  if (m === null) return null
  if (m[1] !== undefined) return 'shallow'
  return m[2] !== undefined ? 'medium' : 'deep'
}
