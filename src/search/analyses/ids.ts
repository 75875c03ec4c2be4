import { createHash } from 'node:crypto'
import type { AnalysisInput } from './analysis-input.ts'

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
  const digest = createHash('sha256')
    .update(canonicalJson({ caption: input.caption, image_analysis: input.image_analysis, source: input.source, tags: input.tags }))
    .digest('base64url')
  return `a-${digest.slice(0, 32)}`
}

/** JSON with object keys sorted at every level, so equal content gives equal text whatever the key order. */
export function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
