/**
 * Light sources as objects (FACETS.md `light_source` and `light_color` rows). Each element of `lighting.sources[]`
 * keeps its values together, so that one source can be matched on its type AND its colour: a sunlight that is cool
 * blue and a neon sign that is golden are not a golden sunlight.
 */
import type { NormalizeWarning } from '../../schemas/facets.ts'
import { fieldTexts, readElements, sourcePath } from './sources.ts'
import { addSplitValues, canonicalize, uniqueValues } from './text.ts'

export interface LightSource {
  /** `light_source` values of this source ("Flash / Strobe" → flash, strobe). */
  type: string[]
  /** `light_color` values of this source ("Warm White / Golden" → warm white, golden). */
  color: string[]
  /** Descriptions kept with the source (canonical text), not facets. */
  angle?: string
  intensity?: string
}

const LIGHT_SOURCES = sourcePath('lighting', 'sources')
// A bad element feeds neither facet, so it warns for both.
const BOTH = ['light_source', 'light_color'] as const
const TYPE = ['light_source'] as const
const COLOR = ['light_color'] as const

function split (texts: readonly string[]): string[] {
  const values: string[] = []
  for (const text of texts) addSplitValues(values, text)
  return uniqueValues(values)
}

/** A description is a plain string; anything else is left out silently (it feeds no facet, so nothing to warn of). */
function description (value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = canonicalize(value)
  return text === '' ? undefined : text
}

/** The sources that name a type or a colour, in document order; their union is the two facets' values. */
export function readLightSources (root: unknown, warnings: NormalizeWarning[]): LightSource[] {
  const sources: LightSource[] = []
  for (const element of readElements(root, LIGHT_SOURCES, BOTH, warnings)) {
    const type = split(fieldTexts(element, 'type', TYPE, warnings))
    const color = split(fieldTexts(element, 'color', COLOR, warnings))
    if (type.length === 0 && color.length === 0) continue
    const angle = description(element.element.angle)
    const intensity = description(element.element.intensity)
    sources.push({ type, color, ...(angle !== undefined ? { angle } : {}), ...(intensity !== undefined ? { intensity } : {}) })
  }
  return sources
}
