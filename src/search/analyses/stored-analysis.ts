import { FACETS, type FacetName, type NormalizeWarning } from '../../schemas/facets.ts'
import { normalizeAnalysis, type FacetValues } from '../facets/normalize.ts'
import { reportUnmapped } from '../events.ts'
import type { AnalysisInput } from '../../schemas/analysis.ts'
import type { LightSource } from '../facets/light-sources.ts'
import { analysisText, negativePrompt } from './analysis-text.ts'
import { sourcePairs } from './light-source-index.ts'
import { applyMerges, type DerivationVocabulary } from '../vocabulary/apply-merges.ts'

/** The document as stored in Elasticsearch (see mappings.ts). */
export interface StoredAnalysis {
  tenant: string
  id: string
  caption?: string
  analysis_text: string[]
  negative_prompt?: string
  tags?: string[]
  source?: string
  facets: FacetValues
  unmapped: Partial<FacetValues>
  focal_mm?: { gte: number, lte: number }
  /** The lower end of `focal_mm`, for `sort=focal_mm` (Elasticsearch does not sort on range fields). */
  focal_mm_lower?: number
  /** `lighting.sources[]` one by one (nested), for counts of one source's values. */
  light_sources?: LightSource[]
  /** (type, colour) tokens per source, for selections of one source by both (light-source-index.ts). */
  light_pairs?: string[]
  normalizer_version: number
  /** The merges_version of the tenant's vocabulary the facets were derived with (absent: before vocabularies; 0: none). */
  vocabulary_version?: number
  indexed_at: string
  image_analysis: Record<string, unknown>
}

export interface PreparedAnalysis {
  document: StoredAnalysis
  warnings: NormalizeWarning[]
}

const NO_VOCABULARY: DerivationVocabulary = { merge: {}, version: 0 }

/**
 * Derives everything the index needs from what the client sent, the tenant's merges applied after normalization;
 * the analysis itself is kept as sent.
 */
export function prepareAnalysis (tenant: string, id: string, input: AnalysisInput, now: Date, vocabulary = NO_VOCABULARY): PreparedAnalysis {
  const analysis = input.image_analysis
  const normalized = normalizeAnalysis(analysis)
  applyMerges(normalized.facets, normalized.unmapped, vocabulary.merge)
  reportUnmapped(normalized.unmapped)
  const negative = negativePrompt(analysis)
  const document: StoredAnalysis = {
    tenant,
    id,
    ...(input.caption !== undefined ? { caption: input.caption } : {}),
    analysis_text: analysisText(analysis),
    ...(negative !== undefined ? { negative_prompt: negative } : {}),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
    ...(input.source !== undefined ? { source: input.source } : {}),
    facets: normalized.facets,
    unmapped: nonEmpty(normalized.unmapped),
    ...(normalized.focal_mm !== null ? { focal_mm: normalized.focal_mm, focal_mm_lower: normalized.focal_mm.gte } : {}),
    ...lightSourceFields(normalized.light_sources),
    normalizer_version: normalized.normalizer_version,
    vocabulary_version: vocabulary.version,
    indexed_at: now.toISOString(),
    image_analysis: analysis
  }
  return { document, warnings: normalized.warnings }
}

function lightSourceFields (sources: LightSource[]): Pick<StoredAnalysis, 'light_sources' | 'light_pairs'> {
  if (sources.length === 0) return {}
  const pairs = sourcePairs(sources)
  return { light_sources: sources, ...(pairs.length > 0 ? { light_pairs: pairs } : {}) }
}

function nonEmpty (values: FacetValues): Partial<FacetValues> {
  const out: Partial<FacetValues> = {}
  for (const name of FACETS) if (values[name].length > 0) out[name as FacetName] = values[name]
  return out
}
