import { readFileSync } from 'node:fs'

/** The canonical example of ../shared, without an id. */
export function seedAnalysis (): { caption: string, image_analysis: Record<string, unknown> } {
  return JSON.parse(readFileSync(new URL('../../../shared/examples/seed-analysis.json', import.meta.url), 'utf8'))
}
