/**
 * The canonical seed analysis: always document 0 of the demo corpus. `seed-analysis.json` beside this file is a
 * byte-for-byte copy of ../shared/examples/seed-analysis.json, kept in the project so that a clone works wherever
 * it is (the demo, the tests and the Docker image read it; nothing reads ../shared at run time).
 */
import { readFileSync } from 'node:fs'
import type { DemoDocument } from './types.ts'

export const SEED_DOCUMENT_ID = 'seed-analysis'

export const SEED_FILE_URL = new URL('./seed-analysis.json', import.meta.url)

let seedText: string | undefined

/** A fresh copy each call: callers (ingestion, tests) may mutate what they receive. */
export function seedDocument (): DemoDocument {
  seedText ??= readFileSync(SEED_FILE_URL, 'utf8')
  const parsed = JSON.parse(seedText) as Omit<DemoDocument, 'id'>
  return { id: SEED_DOCUMENT_ID, ...parsed }
}
