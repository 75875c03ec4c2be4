import { readFileSync } from 'node:fs'
import { SEED_FILE_URL } from '../../src/demo/seed-document.ts'

/** The canonical example (the project's copy of ../shared/examples/seed-analysis.json), without an id. */
export function seedAnalysis (): { caption: string, image_analysis: Record<string, unknown> } {
  return JSON.parse(readFileSync(SEED_FILE_URL, 'utf8'))
}

/** The facets of the seed example, worked out by hand from FACETS.md (the ingestion issue names six of them; issue 12 added light_color and negative). */
export const SEED_FACETS = {
  setting: ['jungle', 'tropical forest', 'riverbank'],
  environment: ['outdoor'],
  lens: ['telephoto'],
  mood: ['wild', 'naturalistic', 'vulnerable', 'composed'],
  depth_of_field: ['shallow'],
  camera_angle: ['eye-level'],
  lighting: ['natural daylight', 'dappled sunlight filtering through trees'],
  light_source: ['sunlight'],
  composition: ['rule of thirds', 'subject centered but looking back'],
  objects: ['canteen', 'flask', 'shoe (detached)', 'vegetation', 'blurred foreground grass', 'reeds'],
  light_color: ['warm white', 'golden'],
  negative: [
    'cartoon', '3d render', 'illustration', 'drawing', 'low quality', 'pixelated', 'blurry face', 'distorted hands',
    'extra limbs', 'bad anatomy', 'studio background', 'grey background', 'urban setting', 'fully clothed', 'denim',
    'heavy makeup', 'mustache', 'beard', 'male'
  ]
}
