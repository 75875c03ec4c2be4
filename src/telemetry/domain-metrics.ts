import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { Counter, Gauge, type Registry } from 'prom-client'
import { copiedChannel, reindexChannel, unmappedChannel, type CopiedBatch, type ReindexEvent, type UnmappedCounts } from '../search/events.ts'

/**
 * What the domain reports on its diagnostics channels: unmapped normalizer values per facet, and the progress of
 * reindex jobs (and of migrations, when one runs in this process). Returns the function that unsubscribes.
 */
export function domainMetrics (registry: Registry): () => void {
  const unmapped = new Counter<'facet'>({ name: 'ias_normalizer_unmapped_values_total', help: 'Values of closed-vocabulary facets that no rule mapped, by facet (each normalization: ingestion and reindex)', labelNames: ['facet'], registers: [registry] })
  const documents = new Counter<'mode' | 'result'>({ name: 'ias_index_copied_documents_total', help: 'Documents re-derived by reindex jobs (mode in-place) or migrations (mode copy), by result (rewritten, skipped)', labelNames: ['mode', 'result'], registers: [registry] })
  const jobs = new Counter<'state'>({ name: 'ias_reindex_jobs_total', help: 'Tenant reindex jobs by state reached (started, done, failed)', labelNames: ['state'], registers: [registry] })
  let running = 0
  new Gauge({ name: 'ias_reindex_jobs_running', help: 'Tenant reindex jobs running in this process', registers: [registry], collect () { this.set(running) } }) // eslint-disable-line no-new

  const onUnmapped = (message: unknown) => {
    for (const [facet, count] of Object.entries(message as UnmappedCounts)) unmapped.labels(facet).inc(count)
  }
  const onCopied = (message: unknown) => {
    const { mode, copied, skipped } = message as CopiedBatch
    documents.labels(mode, 'rewritten').inc(copied)
    documents.labels(mode, 'skipped').inc(skipped)
  }
  const onReindex = (message: unknown) => {
    const { state } = message as ReindexEvent
    jobs.labels(state).inc()
    running += state === 'started' ? 1 : -1
  }
  const subscriptions: Array<[string, (message: unknown) => void]> = [
    [unmappedChannel.name as string, onUnmapped], [copiedChannel.name as string, onCopied], [reindexChannel.name as string, onReindex]
  ]
  for (const [name, listener] of subscriptions) subscribe(name, listener)
  return () => { for (const [name, listener] of subscriptions) unsubscribe(name, listener) }
}
