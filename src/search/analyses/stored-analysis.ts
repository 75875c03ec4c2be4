import { FACETS, type FacetName, type FacetValues, type NormalizeWarning } from '../facets/facet-names.ts'
import { normalizeAnalysis } from '../facets/normalize.ts'
import { reportUnmapped } from '../events.ts'
import type { AnalysisInput } from './analysis-input.ts'
import { analysisText, negativePrompt } from './analysis-text.ts'

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
  normalizer_version: number
  indexed_at: string
  image_analysis: Record<string, unknown>
}

export interface PreparedAnalysis {
  document: StoredAnalysis
  warnings: NormalizeWarning[]
}

/** Derives everything the index needs from what the client sent; the analysis itself is kept as sent. */
export function prepareAnalysis (tenant: string, id: string, input: AnalysisInput, now: Date): PreparedAnalysis {
  const analysis = input.image_analysis
  const normalized = normalizeAnalysis(analysis)
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
    ...(normalized.focal_mm !== null ? { focal_mm: normalized.focal_mm } : {}),
    normalizer_version: normalized.normalizer_version,
    indexed_at: now.toISOString(),
    image_analysis: analysis
  }
  return { document, warnings: normalized.warnings }
}

function nonEmpty (values: FacetValues): Partial<FacetValues> {
  const out: Partial<FacetValues> = {}
  for (const name of FACETS) if (values[name].length > 0) out[name as FacetName] = values[name]
  return out
}
