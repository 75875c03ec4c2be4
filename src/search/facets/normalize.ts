/**
 * ../shared/FACETS.md as one pure function: an `image_analysis` of any shape in, facet values out.
 *
 * Decisions where FACETS.md leaves room (each one is tested):
 * - Unmapped. Only the closed vocabularies (lens, depth_of_field, camera_angle) can fail to map; their text is
 *   then kept canonical as the value and listed in `unmapped`. For the split facets (setting, environment, mood,
 *   lighting, light_source, light_color, composition, objects, negative) splitting IS the rule, so every part is a mapped value and
 *   `unmapped` stays empty: counting them would copy the whole facet into `unmapped` and bury the one signal
 *   the dashboard needs, which is "a closed vocabulary met a word it lacks".
 * - Arrays for the closed facets are read as one text joined with ", " (one lens, one depth of field per
 *   document); split facets split every element.
 * - Separators inside brackets do not split ("Canteen (metal/silver)" is one value); see text.ts.
 * - Type problems: see sources.ts (null is missing; a bad element of `objects[]`/`lighting.sources[]` is
 *   skipped alone; a bad element of a string array voids that source). A bad `lens_type` warns for both
 *   `lens` and `focal_mm`, which it feeds; a bad element of `lighting.sources[]` for `light_source` and
 *   `light_color`.
 * - Light sources are also returned one by one (`light_sources`), so a source's type and colour stay together.
 * - Input is assumed JSON-like (what JSON.parse gives); Proxies or throwing getters are out of scope.
 */
import { FACETS, type FacetName, type NormalizeWarning } from '../../schemas/facets.ts'
import { cameraAngles } from './camera-angle.ts'
import { depthOfField } from './depth-of-field.ts'
import { focalRange, lensClassFromFocal, lensClassFromWords, type FocalRange } from './lens.ts'
import { readLightSources, type LightSource } from './light-sources.ts'
import { addMoodValues } from './mood.ts'
import { readElementTexts, readTexts, sourcePath } from './sources.ts'
import { addSplitValues, canonicalize, NEGATIVE_SEPARATOR, uniqueValues } from './text.ts'
import { capValues } from './value-cap.ts'

/**
 * Bump whenever a change here can change the values of an already stored document.
 * 2: light_color and negative facets, light sources kept as objects, decimal focal lengths, "between 24 and 70mm".
 * 3: values cut at MAX_FACET_VALUE characters (value-cap.ts).
 */
export const NORMALIZER_VERSION = 3

/** Canonical values per facet; every facet is present, possibly empty. */
export type FacetValues = Record<FacetName, string[]>

export interface NormalizedAnalysis {
  facets: FacetValues
  /** The values of `facets` that no rule mapped (kept verbatim, counted on the dashboard). */
  unmapped: FacetValues
  focal_mm: FocalRange | null
  /** `lighting.sources[]` one by one; `facets.light_source` and `facets.light_color` are their union. */
  light_sources: LightSource[]
  warnings: NormalizeWarning[]
  /** NORMALIZER_VERSION at the time of normalization. */
  normalizer_version: number
}

const SETTING = sourcePath('environment', 'setting')
const ENVIRONMENT = sourcePath('environment', 'type')
const LENS = sourcePath('technical_aspects', 'lens_type')
const MOOD = sourcePath('subject', 'emotional_state', 'mood')
const DEPTH_OF_FIELD = sourcePath('technical_aspects', 'depth_of_field')
const CAMERA_ANGLE = sourcePath('technical_aspects', 'camera_angle')
const LIGHTING = sourcePath('lighting', 'condition')
const COMPOSITION = sourcePath('technical_aspects', 'composition')
const OBJECTS = sourcePath('objects')
const NEGATIVE = sourcePath('negative_prompt')
const LIGHT_SOURCES = sourcePath('lighting', 'sources')

const at = (path: { pointers: readonly string[] }) => path.pointers[path.pointers.length - 1]!
/** Where each facet's values come from, for the warning of a value cut short. */
const POINTERS: Record<FacetName, string> = {
  setting: at(SETTING),
  environment: at(ENVIRONMENT),
  lens: at(LENS),
  mood: at(MOOD),
  depth_of_field: at(DEPTH_OF_FIELD),
  camera_angle: at(CAMERA_ANGLE),
  lighting: at(LIGHTING),
  light_source: at(LIGHT_SOURCES),
  light_color: at(LIGHT_SOURCES),
  composition: at(COMPOSITION),
  objects: at(OBJECTS),
  negative: at(NEGATIVE)
}

// The facets each source warns for, allocated once.
const WARNS = {
  setting: ['setting'],
  environment: ['environment'],
  lens: ['lens', 'focal_mm'],
  mood: ['mood'],
  depth_of_field: ['depth_of_field'],
  camera_angle: ['camera_angle'],
  lighting: ['lighting'],
  composition: ['composition'],
  objects: ['objects'],
  negative: ['negative']
} as const

// A plain loop: Object.fromEntries of a mapped array cost 2 µs per document (it runs twice for each).
function emptyValues (): FacetValues {
  const values = {} as FacetValues
  for (const facet of FACETS) values[facet] = []
  return values
}

/** The one canonical text of a closed-vocabulary source; '' when there is none. */
function closedText (texts: readonly string[]): string {
  if (texts.length === 0) return ''
  return canonicalize(texts.length === 1 ? texts[0] : texts.join(', '))
}

/** A closed facet's text that maps to nothing: kept as the value and listed as unmapped. */
function keepUnmapped (facets: FacetValues, unmapped: FacetValues, facet: FacetName, text: string): void {
  facets[facet].push(text)
  unmapped[facet].push(text)
}

function splitInto (values: string[], texts: readonly string[], separator?: RegExp): void {
  for (const text of texts) addSplitValues(values, text, separator)
}

/** The lens class of a canonical lens text (words first, else the focal midpoint), and its focal range. */
export function lensOf (text: string): { lens: string | null, focal: FocalRange | null } {
  const focal = focalRange(text)
  return { lens: lensClassFromWords(text) ?? (focal === null ? null : lensClassFromFocal(focal)), focal }
}

export function normalizeAnalysis (imageAnalysis: unknown): NormalizedAnalysis {
  const facets = emptyValues()
  const unmapped = emptyValues()
  const warnings: NormalizeWarning[] = []

  splitInto(facets.setting, readTexts(imageAnalysis, SETTING, WARNS.setting, warnings))
  splitInto(facets.environment, readTexts(imageAnalysis, ENVIRONMENT, WARNS.environment, warnings))

  const lensText = closedText(readTexts(imageAnalysis, LENS, WARNS.lens, warnings))
  let focal: FocalRange | null = null
  if (lensText !== '') {
    const derived = lensOf(lensText)
    focal = derived.focal
    if (derived.lens === null) keepUnmapped(facets, unmapped, 'lens', lensText)
    else facets.lens.push(derived.lens)
  }

  for (const text of readTexts(imageAnalysis, MOOD, WARNS.mood, warnings)) addMoodValues(facets.mood, text)

  const depthText = closedText(readTexts(imageAnalysis, DEPTH_OF_FIELD, WARNS.depth_of_field, warnings))
  if (depthText !== '') {
    const depth = depthOfField(depthText)
    if (depth === null) keepUnmapped(facets, unmapped, 'depth_of_field', depthText)
    else facets.depth_of_field.push(depth)
  }

  const angleText = closedText(readTexts(imageAnalysis, CAMERA_ANGLE, WARNS.camera_angle, warnings))
  if (angleText !== '') {
    const angles = cameraAngles(angleText)
    if (angles.length === 0) keepUnmapped(facets, unmapped, 'camera_angle', angleText)
    else facets.camera_angle.push(...angles)
  }

  splitInto(facets.lighting, readTexts(imageAnalysis, LIGHTING, WARNS.lighting, warnings))
  const lightSources = readLightSources(imageAnalysis, warnings)
  for (const source of lightSources) {
    // Cut here, not only in the facets: the sources are indexed too (nested keywords).
    source.type = uniqueValues(capValues(source.type, 'light_source', POINTERS.light_source, warnings))
    source.color = uniqueValues(capValues(source.color, 'light_color', POINTERS.light_color, warnings))
    facets.light_source.push(...source.type)
    facets.light_color.push(...source.color)
  }
  splitInto(facets.composition, readTexts(imageAnalysis, COMPOSITION, WARNS.composition, warnings))
  splitInto(facets.objects, readElementTexts(imageAnalysis, OBJECTS, 'name', WARNS.objects, warnings))
  splitInto(facets.negative, readTexts(imageAnalysis, NEGATIVE, WARNS.negative, warnings), NEGATIVE_SEPARATOR)

  // Lucene refuses a keyword term over 32,766 bytes, and with it the whole document: long values are cut (a warning).
  for (const facet of FACETS) {
    facets[facet] = uniqueValues(capValues(facets[facet], facet, POINTERS[facet], warnings))
    unmapped[facet] = uniqueValues(capValues(unmapped[facet], facet, POINTERS[facet], []))
  }
  return { facets, unmapped, focal_mm: focal, light_sources: lightSources, warnings, normalizer_version: NORMALIZER_VERSION }
}
