/** The canonical seed analysis (../shared/examples/seed-analysis.json): always document 0 of the demo corpus. */
import { readFileSync } from 'node:fs'
import type { DemoDocument } from './types.ts'

export const SEED_DOCUMENT_ID = 'seed-analysis'

/** src/demo → project root → its parent, where `shared/` lives. */
export const SEED_FILE_URL = new URL('../../../shared/examples/seed-analysis.json', import.meta.url)

let seedText: string | undefined

/** A fresh copy each call: callers (ingestion, tests) may mutate what they receive. */
export function seedDocument (): DemoDocument {
  seedText ??= readFileSync(SEED_FILE_URL, 'utf8')
  const parsed = JSON.parse(seedText) as Omit<DemoDocument, 'id'>
  return { id: SEED_DOCUMENT_ID, ...parsed }
}
