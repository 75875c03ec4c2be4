/**
 * Realistic imperfections, so the demo corpus exercises the ingestion path: facet sources of the wrong type
 * (FACETS.md: no value + a warning), valid string-array sources, missing sections and unexpected extra keys.
 */
import type { Rng } from './random.ts'

type Analysis = Record<string, unknown>

function section (analysis: Analysis, key: string): Record<string, unknown> | undefined {
  const value = analysis[key]
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : undefined
}

/** Replaces one facet source with a number or an object. */
const WRONG_TYPES: ReadonlyArray<(a: Analysis, rng: Rng) => void> = [
  (a, rng) => { const s = section(a, 'environment'); if (s) s.setting = rng.int(1, 999) },
  (a) => { const s = section(a, 'environment'); if (s) s.type = { value: s.type, confidence: 0.82 } },
  (a, rng) => { const s = section(a, 'technical_aspects'); if (s) s.lens_type = { focal_mm: rng.int(14, 400) } },
  (a) => { const s = section(a, 'technical_aspects'); if (s) s.depth_of_field = 2.8 },
  (a) => { const s = section(a, 'technical_aspects'); if (s) s.camera_angle = { pitch: -15, roll: 0 } },
  (a) => {
    const em = section(section(a, 'subject') ?? {}, 'emotional_state')
    if (em) em.mood = { primary: em.mood, score: 0.7 }
  },
  (a, rng) => {
    const sources = section(a, 'lighting')?.sources
    if (Array.isArray(sources) && sources[0]) sources[0].type = rng.int(2700, 6500)
  },
  (a) => {
    const objects = a.objects
    if (Array.isArray(objects) && objects[0]) objects[0].name = { en: objects[0].name }
  }
]

/** String arrays are a valid facet source; analyzers that emit lists produce them. */
function arraySource (a: Analysis, settings: readonly string[], moods: readonly string[]): void {
  const env = section(a, 'environment')
  if (env) env.setting = [...settings]
  const em = section(section(a, 'subject') ?? {}, 'emotional_state')
  if (em && moods.length > 0) em.mood = [...moods]
}

const DROPPABLE = ['environment', 'technical_aspects', 'lighting', 'objects', 'negative_prompt', 'subject']

function addExtras (a: Analysis, rng: Rng): void {
  switch (rng.int(0, 3)) {
    case 0: a.color_palette = ['#2f4f4f', '#d2b48c', '#f5f5dc'].slice(0, rng.int(1, 3)); break
    case 1: a.metadata = { analyzer_version: `2.${rng.int(0, 9)}.${rng.int(0, 20)}`, confidence: rng.int(50, 99) / 100 }
      break
    case 2: { const env = section(a, 'environment'); if (env) env.weather = rng.pick(['Clear', 'Rain', 'Fog', 'Snow']) }
      break
    default: { const t = section(a, 'technical_aspects'); if (t) t.aperture = `f/${rng.pick(['1.4', '2.8', '8', '11'])}` }
  }
}

/** Mutates `analysis` in place; rates are per document. */
export function addNoise (rng: Rng, analysis: Analysis, settings: readonly string[], moods: readonly string[]): void {
  if (rng.chance(0.03)) arraySource(analysis, settings, moods)
  if (rng.chance(0.01)) rng.pick(WRONG_TYPES)(analysis, rng)
  if (rng.chance(0.005)) delete analysis[rng.pick(DROPPABLE)]
  if (rng.chance(0.02)) addExtras(analysis, rng)
}
