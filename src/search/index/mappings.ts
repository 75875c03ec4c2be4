import type { estypes } from '@elastic/elasticsearch'
import { FACETS } from '../../schemas/facets.ts'
import type { AnalysisSettings } from './text-analysis.ts'

/**
 * Bumped when the mapping changes; a migration builds the next index version with it (an added field or sub-field
 * alone is added in place at start, add-new-fields.ts). 3: vocabulary_version, and the `words` prefixes below.
 * 4: offsets in the postings of the highlighted text fields, facet ordinals built at refresh (both below).
 */
export const MAPPING_VERSION = 4

/**
 * The prefixes indexed for search as you type (version 3): every start of 1 to 10 characters of every word. A
 * prefix query of up to `max_chars` is then one term lookup whatever its length and the index size (no expansion),
 * and is not an "expensive" query; the service never sends a longer one (prefix-query.ts truncates).
 */
export const WORD_PREFIXES = { min_chars: 1, max_chars: 10 } as const

const keyword = { type: 'keyword' } as const
const description = { type: 'keyword', ignore_above: 256 } as const
/**
 * Every first page of a search counts the facets, and the first one after a refresh would otherwise build their
 * global ordinals itself (the cache makes that page the one after a write): built at refresh instead (version 4).
 */
const facetFields = Object.fromEntries(FACETS.map(name => [name, { ...keyword, eager_global_ordinals: true }]))
const unmappedFields = Object.fromEntries(FACETS.map(name => [name, keyword]))
/**
 * The words as written (`standard`: lower-cased, not stemmed, no stop words, so "runn" is a start of "running"),
 * only to carry their prefixes: matching only (docs, no norms), never scored by BM25.
 */
const words = { type: 'text', analyzer: 'standard', index_options: 'docs', norms: false, index_prefixes: WORD_PREFIXES } as const
/**
 * The highlighted fields (build-search-request.ts) keep each term's offsets in their postings (version 4): the
 * unified highlighter then reads where the query's terms are instead of analysing every hit's text again, which
 * with hunspell is most of a highlight's cost. About 6 % more index (bench/README.md); term vectors cost more.
 */
const highlighted = { type: 'text', analyzer: 'en_text', index_options: 'offsets' } as const

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
      caption: { ...highlighted, fields: { words } },
      analysis_text: { ...highlighted, fields: { words } },
      negative_prompt: { type: 'text', analyzer: 'en_text' },
      tags: { type: 'keyword', normalizer: 'lowercase' },
      source: keyword,
      facets: { properties: facetFields },
      unmapped: { properties: unmappedFields },
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
      vocabulary_version: { type: 'integer' },
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
