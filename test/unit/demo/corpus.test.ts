import { test } from 'tap'
import { DEFAULT_SEED, demoCorpus, demoDocument, demoId, SEED_DOCUMENT_ID } from '../../../src/demo/corpus.ts'
import type { DemoDocument } from '../../../src/demo/corpus.ts'
import { normalizeAnalysis } from '../../../src/search/facets/normalize.ts'
import type { NormalizedAnalysis } from '../../../src/search/facets/normalize.ts'
import { CAMERA_ANGLE_VALUES, LENS_CLASSES } from '../../../src/demo/vocab-camera.ts'
import { seedAnalysis } from '../../helpers/seed.ts'

const N = 5000
const docs: DemoDocument[] = [...demoCorpus({ count: N })]
const normalized: NormalizedAnalysis[] = docs.map((d) => normalizeAnalysis(d.image_analysis))

function countValues (pick: (n: NormalizedAnalysis) => readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const n of normalized) for (const v of pick(n)) counts.set(v, (counts.get(v) ?? 0) + 1)
  return counts
}

function depth (value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0
  let max = 0
  for (const child of Object.values(value)) max = Math.max(max, depth(child))
  return max + 1
}

test('same count and seed give byte-identical output', async (t) => {
  const again = [...demoCorpus({ count: N, seed: DEFAULT_SEED, tenantless: true })]
  t.equal(JSON.stringify(again), JSON.stringify(docs))
})

test('a different seed gives different documents, but the same document 0', async (t) => {
  const other = [...demoCorpus({ count: 50, seed: 7 })]
  t.same(other[0], docs[0])
  const differing = other.filter((d, i) => JSON.stringify(d) !== JSON.stringify(docs[i])).length
  t.equal(differing, 49)
})

test('document i does not depend on count: smaller corpora are prefixes', async (t) => {
  const small = [...demoCorpus({ count: 300 })]
  t.equal(JSON.stringify(small), JSON.stringify(docs.slice(0, 300)))
  t.equal(JSON.stringify(demoDocument(4321)), JSON.stringify(docs[4321]))
  t.equal(JSON.stringify(demoDocument(4321, DEFAULT_SEED)), JSON.stringify(docs[4321]))
})

test('the corpus is lazy: a huge count costs nothing until iterated', async (t) => {
  const it = demoCorpus({ count: 1_000_000_000 })
  const first = it.next()
  t.equal(first.value?.id, SEED_DOCUMENT_ID)
  t.equal(it.next().value?.id, 'demo-0000001')
  t.equal(demoId(1_000_000), 'demo-1000000')
})

test('document 0 is the seed example with id seed-analysis', async (t) => {
  const seedFile = seedAnalysis()
  t.same(docs[0], { id: 'seed-analysis', ...seedFile })
  t.strictSame(Object.keys(docs[0] as object), ['id', 'caption', 'image_analysis'])
  // Each call returns a fresh copy, so a caller mutating it cannot corrupt later corpora.
  const mutated = demoDocument(0)
  mutated.caption = 'changed'
  t.equal(demoDocument(0).caption, seedFile.caption)
})

test('ids are valid and unique; generated ids are zero-padded', async (t) => {
  const ids = docs.map((d) => d.id)
  t.equal(new Set(ids).size, N)
  t.ok(ids.every((id) => /^[A-Za-z0-9._:-]{1,128}$/.test(id)), 'every id matches the id pattern')
  t.equal(ids[1], 'demo-0000001')
  t.equal(ids[N - 1], `demo-000${N - 1}`)
})

test('settings follow a Zipf-like skew', async (t) => {
  const ranked = [...countValues((n) => n.facets.setting).values()].sort((a, b) => b - a)
  t.ok(ranked.length >= 40, `${ranked.length} distinct settings`)
  const [first, tenth] = [ranked[0] as number, ranked[9] as number]
  t.ok(first >= 4 * tenth, `most common ${first} vs 10th ${tenth}`)
})

test('every lens class, camera angle and depth of field occurs; some lenses stay unmapped', async (t) => {
  const lenses = countValues((n) => n.facets.lens.filter((v) => !n.unmapped.lens.includes(v)))
  t.strictSame([...lenses.keys()].sort(), [...LENS_CLASSES].sort())
  const angles = countValues((n) => n.facets.camera_angle.filter((v) => !n.unmapped.camera_angle.includes(v)))
  t.strictSame([...angles.keys()].sort(), [...CAMERA_ANGLE_VALUES].sort())
  const depths = countValues((n) => n.facets.depth_of_field.filter((v) => !n.unmapped.depth_of_field.includes(v)))
  t.strictSame([...depths.keys()].sort(), ['deep', 'medium', 'shallow'])
  t.ok(normalized.filter((n) => n.unmapped.lens.length > 0).length > 0, 'some lens texts are unmapped')
  t.ok(normalized.filter((n) => n.focal_mm !== null).length > N / 2, 'most lenses give a focal range')
})

test('every facet gets values, moods lose their hedges', async (t) => {
  for (const facet of Object.keys(normalized[1]?.facets ?? {}) as Array<keyof NormalizedAnalysis['facets']>) {
    t.ok(countValues((n) => n.facets[facet]).size >= 3, `${facet} has several values`)
  }
  const moods = [...countValues((n) => n.facets.mood).keys()]
  t.ok(moods.length >= 30)
  t.notOk(moods.some((m) => /^(slightly|very|somewhat|a bit) /.test(m)), 'no hedge survives')
})

test('realistic noise: wrong types (~1%), array sources, missing sections, extra keys', async (t) => {
  const warned = normalized.filter((n) => n.warnings.length > 0).length
  t.ok(warned >= N * 0.004 && warned <= N * 0.025, `${warned} documents with a facet source of the wrong type`)
  const analyses = docs.map((d) => d.image_analysis)
  const env = (a: Record<string, unknown>): Record<string, unknown> => (a.environment ?? {}) as Record<string, unknown>
  t.ok(analyses.filter((a) => Array.isArray(env(a).setting)).length > N * 0.01, 'string-array settings')
  const sections = ['environment', 'technical_aspects', 'lighting', 'objects', 'negative_prompt']
  t.ok(analyses.some((a) => sections.some((s) => !(s in a))), 'some documents lack a whole section')
  t.ok(analyses.some((a) => 'metadata' in a || 'color_palette' in a), 'some documents carry extra keys')
  t.ok(analyses.filter((a) => !('subject' in a)).length > N * 0.05, 'subject-less scenes')
})

test('captions mention the setting; negative prompts are comma lists', async (t) => {
  const missing = docs.slice(1).filter((d) => {
    const setting = (d.image_analysis.environment as { setting?: unknown } | undefined)?.setting
    if (typeof setting !== 'string') return false
    return !d.caption.toLowerCase().includes((setting.split(/[/,;|]/)[0] as string).trim().toLowerCase())
  })
  t.strictSame(missing.map((d) => d.caption), [], 'every caption names the first setting')
  const prompts = docs.map((d) => d.image_analysis.negative_prompt).filter((p) => typeof p === 'string')
  t.ok(prompts.length > N * 0.9 && prompts.every((p) => p.split(', ').length >= 6), 'comma lists of 6+ terms')
})

test('documents are small, shallow and valid JSON', async (t) => {
  const sizes = docs.map((d) => Buffer.byteLength(JSON.stringify(d))).sort((a, b) => a - b)
  t.ok((sizes.at(-1) as number) <= 256 * 1024, 'every document ≤ 256 KiB')
  const median = sizes[N >> 1] as number
  t.ok(median >= 1500 && median <= 4000, `median size ${median} B`)
  t.ok(docs.every((d) => depth(d) <= 16), 'nesting depth ≤ 16')
  t.ok(docs.every((d) => d.caption.length > 0 && d.caption.length < 300), 'short captions')
})

test('invalid options are rejected', async (t) => {
  t.throws(() => demoCorpus({ count: -1 }).next(), RangeError)
  t.throws(() => demoCorpus({ count: 1.5 }).next(), RangeError)
  t.throws(() => demoCorpus({ count: 1, seed: 0.5 }).next(), RangeError)
  t.throws(() => demoDocument(-1), RangeError)
  t.same([...demoCorpus({ count: 0 })], [])
})
