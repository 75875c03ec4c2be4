import type { Client } from '@elastic/elasticsearch'
import { bulkIngest } from '../search/analyses/bulk-ingest.ts'
import type { IndexNames } from '../search/index/index-names.ts'
import { demoCorpus } from './corpus.ts'

const BATCH = 500

/** Loads `count` demo analyses for `tenant` when the tenant has none yet; returns how many were loaded. */
export async function loadDemoWhenEmpty (es: Client, names: IndexNames, tenant: string, count: number): Promise<number> {
  const existing = await es.count({ index: names.read, query: { term: { tenant } } })
  if (existing.count > 0) return 0
  let batch = []
  let loaded = 0
  for (const { id, ...input } of demoCorpus({ count })) {
    batch.push({ id, input })
    if (batch.length === BATCH) {
      loaded += await store(es, names, tenant, batch)
      batch = []
    }
  }
  loaded += await store(es, names, tenant, batch)
  await es.indices.refresh({ index: names.read })
  return loaded
}

async function store (es: Client, names: IndexNames, tenant: string, batch: Parameters<typeof bulkIngest>[3]): Promise<number> {
  const outcomes = await bulkIngest(es, names, tenant, batch, false)
  return outcomes.filter(outcome => outcome.ok).length
}
