import { readFileSync } from 'node:fs'
import { SEED_FILE_URL } from '../../src/demo/seed-document.ts'

/** The canonical example (the project's copy of ../shared/examples/seed-analysis.json), without an id. */
export function seedAnalysis (): { caption: string, image_analysis: Record<string, unknown> } {
  return JSON.parse(readFileSync(SEED_FILE_URL, 'utf8'))
}
