import type { FacetName } from '../../../src/schemas/facet-names.ts'

/** How facet names read on the page (a facet added to the API without a label here is a type error). */
const LABELS: Record<FacetName | 'focal_mm', string> = {
  setting: 'Setting',
  environment: 'Environment',
  lens: 'Lens',
  mood: 'Mood',
  depth_of_field: 'Depth of field',
  camera_angle: 'Camera angle',
  lighting: 'Lighting',
  light_source: 'Light source',
  composition: 'Composition',
  objects: 'Objects',
  light_color: 'Light color',
  negative: 'Negative prompt',
  focal_mm: 'Focal length'
}

export function facetLabel (facet: string): string {
  return (LABELS as Record<string, string>)[facet] ?? facet.replaceAll('_', ' ')
}

export function focalText (range: { min: number, max: number } | null): string {
  if (range === null) return ''
  return range.min === range.max ? `${range.min} mm` : `${range.min}–${range.max} mm`
}

export function plural (count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`
}
