import type { estypes } from '@elastic/elasticsearch'
import { FACETS } from '../../schemas/facets.ts'
import type { AnalysisSettings } from './text-analysis.ts'

/** Bumped when the mapping changes; a migration builds the next index version with it. */
export const MAPPING_VERSION = 2

const keyword = { type: 'keyword' } as const
const description = { type: 'keyword', ignore_above: 256 } as const
const facetFields = Object.fromEntries(FACETS.map(name => [name, keyword]))

/**
 * Explicit, strict mapping. The raw `image_analysis` is kept in `_source` only (`enabled: false`): arbitrary keys
 * can never grow the mapping, and two documents giving one key different types both index.
 */
export function analysesMappings (): estypes.MappingTypeMapping {
  return {
    dynamic: 'strict',
    _routing: { required: true },
    properties: {
      tenant: keyword,
      id: keyword,
      caption: { type: 'text', analyzer: 'en_text' },
      analysis_text: { type: 'text', analyzer: 'en_text' },
      negative_prompt: { type: 'text', analyzer: 'en_text' },
      tags: { type: 'keyword', normalizer: 'lowercase' },
      source: keyword,
      facets: { properties: facetFields },
      unmapped: { properties: facetFields },
      // double: lengths are read with their decimals ("4.5mm"); version 1 had integer_range.
      focal_mm: { type: 'double_range' },
      focal_mm_lower: { type: 'double' },
      // Nested so a nested aggregation counts one source's values (source-selection.ts); filters use light_pairs.
      light_sources: {
        type: 'nested',
        // Descriptions are kept with their source, not facets: a long one is stored, just not indexed.
        properties: { type: keyword, color: keyword, angle: description, intensity: description }
      },
      light_pairs: keyword,
      normalizer_version: { type: 'integer' },
      indexed_at: { type: 'date' },
      image_analysis: { type: 'object', enabled: false }
    }
  }
}

/** How a new index version spreads over the cluster (ES_SHARDS, ES_REPLICAS, ES_WRITE_ACTIVE_SHARDS). */
export interface IndexLayout {
  shards: number
  /** A replica count ("1") or an auto-expand range ("0-1", "0-all"); default "0-1". */
  replicas?: string
  /** Copies that must be active before a write proceeds; default "1" (the primary). */
  waitForActiveShards?: string
}

export function analysesIndexBody (analysis: AnalysisSettings, layout: IndexLayout): estypes.IndicesCreateRequest {
  // Default: one replica where the cluster has a second node, none on a single development node.
  const replicas = layout.replicas ?? '0-1'
  return {
    index: '',
    settings: {
      number_of_shards: layout.shards,
      ...(/^\d+$/.test(replicas) ? { number_of_replicas: Number(replicas) } : { auto_expand_replicas: replicas }),
      // Set on the index rather than on each request, so every writer (API, bulk, reindex, migration) obeys it.
      'index.write.wait_for_active_shards': layout.waitForActiveShards ?? '1',
      analysis: analysis.settings
    },
    mappings: {
      ...analysesMappings(),
      _meta: { mapping_version: MAPPING_VERSION, text_analysis: analysis.kind }
    }
  }
}
