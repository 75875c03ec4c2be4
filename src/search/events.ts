import { channel, type Channel } from 'node:diagnostics_channel'
import { FACETS } from '../schemas/facets.ts'
import type { FacetValues } from './facets/normalize.ts'

/**
 * What the domain reports for operators' metrics, as diagnostics channels: publishing costs nothing while no one
 * subscribes (metrics off, the CLI commands), and the domain stays free of any metrics library. Messages carry
 * counts only, never a tenant or a value.
 */
export const unmappedChannel = channel('image-analyses:normalizer:unmapped')
/** Per copied batch of a reindex (`in-place`) or a migration (`copy`): how many documents it rewrote or skipped. */
export const copiedChannel = channel('image-analyses:index:copied')
/** A tenant reindex started, finished or failed. */
export const reindexChannel = channel('image-analyses:index:reindex')

export type UnmappedCounts = Partial<Record<keyof FacetValues, number>>
export interface CopiedBatch { mode: 'copy' | 'in-place', copied: number, skipped: number }
export interface ReindexEvent { state: 'started' | 'done' | 'failed' }

/** Counts the values of each facet that no rule mapped (the values themselves are tenant data: never sent). */
export function reportUnmapped (unmapped: FacetValues): void {
  if (!unmappedChannel.hasSubscribers) return
  const counts: UnmappedCounts = {}
  let any = false
  for (const facet of FACETS) {
    if (unmapped[facet].length === 0) continue
    counts[facet] = unmapped[facet].length
    any = true
  }
  if (any) unmappedChannel.publish(counts)
}

export function report (on: Channel, message: CopiedBatch | ReindexEvent): void {
  if (on.hasSubscribers) on.publish(message)
}
