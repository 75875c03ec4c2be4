/**
 * Two tenants for the isolation and fuzz tests: acme (the 14 documents of search-corpus.ts) and rival (its 7, with
 * the same ids a01–a07, plus `rx1`, an id only rival has). Every caption carries its tenant's marker word, so a
 * leaked document shows as a word; `model()` derives from the fixture, through the real normalizer, what each
 * tenant may legitimately see (ids, captions, facet counts, focal buckets) and the words only the other one holds.
 */
import type { FastifyInstance } from 'fastify'
import type { AnalysisInput } from '../../src/schemas/analysis.ts'
import { analysisText } from '../../src/search/analyses/analysis-text.ts'
import { bulkIngest } from '../../src/search/analyses/bulk-ingest.ts'
import { FACETS, type FacetName } from '../../src/schemas/facets.ts'
import { normalizeAnalysis } from '../../src/search/facets/normalize.ts'
import { FOCAL_BUCKETS } from '../../src/search/focal-buckets.ts'
import { ACME, RIVAL } from '../fixtures/search-corpus.ts'
import { bearer } from '../helpers/build.ts'

export const TENANTS = ['acme', 'rival'] as const
export type CorpusTenant = typeof TENANTS[number]
export const MARKERS: Record<CorpusTenant, string> = { acme: 'acmeonlymarker', rival: 'rivalonlymarker' }
export const other = (tenant: CorpusTenant): CorpusTenant => tenant === 'acme' ? 'rival' : 'acme'

export interface Doc { id: string, input: AnalysisInput }

const RIVAL_ONLY: Doc = {
  id: 'rx1',
  input: {
    caption: 'A lighthouse keeper watches an eerie storm.',
    image_analysis: {
      environment: { type: 'Outdoor', setting: 'Lighthouse', details: 'Waves crash on the cliffs.' },
      technical_aspects: { lens_type: 'Telephoto 200mm', depth_of_field: 'Deep' },
      subject: { emotional_state: { mood: 'Eerie' } }
    }
  }
}

const marked = (tenant: CorpusTenant) => (doc: Doc): Doc =>
  ({ id: doc.id, input: { ...doc.input, caption: `${doc.input.caption ?? ''} ${MARKERS[tenant]}` } })

export const CORPUS: Record<CorpusTenant, Doc[]> = {
  acme: ACME.map(marked('acme')),
  rival: [...RIVAL, RIVAL_ONLY].map(marked('rival'))
}

/** Stored through the domain (no generation bump, so no settle timer) and made visible at once. */
export async function loadIsolationCorpus (app: FastifyInstance): Promise<void> {
  for (const tenant of TENANTS) {
    const outcomes = await bulkIngest(app.es, app.indices, tenant, CORPUS[tenant], false)
    if (!outcomes.every(outcome => outcome.ok)) throw new Error(`loading ${tenant} failed`)
  }
  await app.es.indices.refresh({ index: app.indices.read })
}

export type Role = 'reader' | 'ingester' | 'admin'
export function tokens (app: FastifyInstance): Record<CorpusTenant, Record<Role, Record<string, string>>> {
  const of = (tenant: CorpusTenant) => Object.fromEntries((['reader', 'ingester', 'admin'] as const)
    .map(role => [role, bearer(app, { tenant, sub: `${tenant}-${role}`, roles: [role] })])) as Record<Role, Record<string, string>>
  return { acme: of('acme'), rival: of('rival') }
}

export interface Model {
  ids: string[]
  captions: Map<string, string>
  /** Every string a hit's highlight may quote from, per id. */
  texts: Map<string, string[]>
  facets: Map<string, Record<FacetName, string[]>>
  focal: Map<string, { gte: number, lte: number } | null>
  /** Lower-case words (4+ letters or digits) of this tenant's values that the other tenant's documents never use. */
  uniqueWords: Set<string>
}

const words = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(word => word.length >= 4)

function valueWords (doc: Doc): Set<string> {
  const n = normalizeAnalysis(doc.input.image_analysis)
  const values = [doc.input.caption ?? '', ...analysisText(doc.input.image_analysis), ...FACETS.flatMap(f => n.facets[f])]
  return new Set(values.flatMap(words))
}

const models = new Map<CorpusTenant, Model>()
export function model (tenant: CorpusTenant): Model {
  const cached = models.get(tenant)
  if (cached !== undefined) return cached
  const docs = CORPUS[tenant]
  const theirs = new Set(CORPUS[other(tenant)].flatMap(doc => [...valueWords(doc)]))
  const built: Model = {
    ids: docs.map(doc => doc.id),
    captions: new Map(docs.map(doc => [doc.id, doc.input.caption ?? ''])),
    texts: new Map(docs.map(doc => [doc.id, [doc.input.caption ?? '', ...analysisText(doc.input.image_analysis)]])),
    facets: new Map(docs.map(doc => [doc.id, normalizeAnalysis(doc.input.image_analysis).facets])),
    focal: new Map(docs.map(doc => {
      const range = normalizeAnalysis(doc.input.image_analysis).focal_mm
      return [doc.id, range === null ? null : { gte: range.gte, lte: range.lte }]
    })),
    uniqueWords: new Set(docs.flatMap(doc => [...valueWords(doc)]).filter(word => !theirs.has(word)))
  }
  models.set(tenant, built)
  return built
}

/** "value:count" of a facet over the given ids (default: all), count desc then value asc, as the API orders them. */
export function expectedCounts (tenant: CorpusTenant, facet: FacetName, ids = model(tenant).ids): string[] {
  const counts = new Map<string, number>()
  for (const id of ids) for (const value of model(tenant).facets.get(id)![facet]) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([value, count]) => `${value}:${count}`)
}

export function expectedFocal (tenant: CorpusTenant): Array<{ label: string, count: number }> {
  const ranges = [...model(tenant).focal.values()].filter(range => range !== null)
  return FOCAL_BUCKETS.map(bucket => ({
    label: bucket.label,
    count: ranges.filter(r => (bucket.min === null || r.lte >= bucket.min) && (bucket.max === null || r.gte <= bucket.max)).length
  }))
}

/**
 * The other tenant's unique words in the string values of a JSON answer (keys such as `camera_angle` are the API's
 * own words), leaving out words the request carried itself (a selected value is echoed back with count 0).
 */
export function foreignWords (tenant: CorpusTenant, body: string, request = ''): string[] {
  const asked = new Set(words(request))
  const theirs = model(other(tenant)).uniqueWords
  let text = body
  try { text = stringValues(JSON.parse(body)).join('\n') } catch {}
  return [...new Set(words(text))].filter(word => theirs.has(word) && !asked.has(word))
}

function stringValues (value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null) return []
  return Object.values(value).flatMap(stringValues)
}

/** HTML-escaped highlight fragment → the plain text it quotes. */
export const plain = (fragment: string): string => fragment.replace(/<\/?em>/g, '')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, '\'').replace(/&#x2F;/g, '/').replace(/&amp;/g, '&')
