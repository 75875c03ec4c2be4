import type { WriteQueryInput } from '../../../schemas/analysis.ts'
import type { Refresh } from '../../../search/analyses/analyses-store.ts'

/** `?refresh=wait_for` acknowledges once the write is searchable; anything else (validated by the schema) does not wait. */
export function refreshOf (query: WriteQueryInput): Refresh {
  return query.refresh === 'wait_for' ? 'wait_for' : false
}
