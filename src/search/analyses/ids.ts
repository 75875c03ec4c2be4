import { hash } from 'node:crypto'
import type { AnalysisInput } from '../../schemas/analysis.ts'
import { canonicalJson } from '../canonical-json.ts'

/**
 * Tenants share one index; the Elasticsearch `_id` joins tenant and id so two tenants can hold the same id.
 * Tenant names never contain ':' (see TENANT_PATTERN), so the first ':' separates them unambiguously.
 */
export function esId (tenant: string, id: string): string {
  return `${tenant}:${id}`
}

/**
 * The id given to an analysis sent without one: a digest of its content. Retrying a POST, or importing the same
 * file twice, therefore updates the same document instead of creating duplicates.
 */
export function contentId (input: AnalysisInput): string {
  const content = canonicalJson({ caption: input.caption, image_analysis: input.image_analysis, source: input.source, tags: input.tags })
  const digest = hash('sha256', content, 'base64url')
  return `a-${digest.slice(0, 32)}`
}
