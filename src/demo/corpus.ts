/**
 * The deterministic synthetic demo corpus: demo data at start-up, test fixtures, and benchmark corpora of
 * 10k/100k/1M documents. Document i depends only on (seed, i), never on `count` or on earlier documents,
 * so smaller corpora are prefixes of larger ones and a 1M corpus streams in constant memory.
 */
import { createRng, streamSeed } from './random.ts'
import { buildEnvironment, buildLighting, buildTechnical } from './build-scene.ts'
import { buildNegativePrompt, buildObjects, buildSubject } from './build-subject.ts'
import { caption } from './captions.ts'
import { addNoise } from './noise.ts'
import { seedDocument } from './seed-document.ts'
import { GENERIC_TAGS, SOURCES } from './vocab-objects.ts'
import { MOODS } from './vocab-subject.ts'
import type { DemoDocument, SceneFacts } from './types.ts'

export type { DemoDocument } from './types.ts'
export { SEED_DOCUMENT_ID } from './seed-document.ts'

export const DEFAULT_SEED = 42

export interface DemoCorpusOptions {
  count: number
  seed?: number
  /**
   * Documents carry no tenant field in any case; whoever loads them scopes them to a tenant.
   * Only `true` is accepted so call sites state that assumption explicitly.
   */
  tenantless?: true
}

export function demoId (index: number): string {
  return `demo-${String(index).padStart(7, '0')}`
}

export function demoDocument (index: number, seed: number = DEFAULT_SEED): DemoDocument {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`invalid document index: ${index}`)
  if (index === 0) return seedDocument()
  const rng = createRng(streamSeed(seed, index))

  const env = buildEnvironment(rng)
  const tech = buildTechnical(rng)
  const light = buildLighting(rng, env.place)
  const subject = rng.chance(0.85) ? buildSubject(rng) : null
  const objects = buildObjects(rng)

  const analysis: Record<string, unknown> = {
    environment: env.section,
    technical_aspects: tech.section,
    lighting: light.section
  }
  if (subject !== null) analysis.subject = subject.section
  analysis.objects = objects.list
  analysis.negative_prompt = buildNegativePrompt(rng)

  const moods = subject?.moods ?? [rng.zipfPick(MOODS, 0.9)]
  const facts: SceneFacts = {
    settings: env.settings,
    lighting: light.condition,
    lightSource: light.source,
    lens: tech.lens,
    mood: moods[0] as string,
    subject,
    objects: objects.nouns
  }
  const doc: DemoDocument = { id: demoId(index), caption: caption(rng, facts), image_analysis: analysis }
  addNoise(rng, analysis, env.settings, subject?.moods ?? [])

  if (rng.chance(0.7)) {
    const tags = [...env.settings.map((s) => s.toLowerCase()), ...moods.slice(0, 2)]
    tags.push(...rng.sample(GENERIC_TAGS, rng.int(1, 3)))
    doc.tags = [...new Set(tags)]
  }
  if (rng.chance(0.8)) doc.source = rng.zipfPick(SOURCES, 1)
  return doc
}

export function * demoCorpus (options: DemoCorpusOptions): Generator<DemoDocument, void, undefined> {
  const { count, seed = DEFAULT_SEED } = options
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`invalid count: ${count}`)
  if (!Number.isInteger(seed)) throw new RangeError(`invalid seed: ${seed}`)
  for (let i = 0; i < count; i++) yield demoDocument(i, seed)
}
