import type { Client } from '@elastic/elasticsearch'
import { demoDocument } from '../src/demo/corpus.ts'
import type { DemoDocument } from '../src/demo/corpus.ts'
import { esId } from '../src/search/analyses/ids.ts'
import { prepareAnalysis, type StoredAnalysis } from '../src/search/analyses/stored-analysis.ts'
import type { IndexNames } from '../src/search/index/index-names.ts'

const DAY_MS = 86_400_000

/** Documents [from, to) of the deterministic demo corpus (document i depends only on i). */
export function * corpusRange (from: number, to: number): Generator<DemoDocument> {
  for (let i = from; i < to; i++) yield demoDocument(i)
}

/**
 * The stored form of demo document i, normalized like the API does (prepareAnalysis), ingested over the last 60
 * days so that the dashboard's per-day histogram and its "latest" list look like a live catalog.
 */
export function storedDocument (tenant: string, doc: DemoDocument, i: number, nowMs: number): StoredAnalysis {
  const { id, ...input } = doc
  return prepareAnalysis(tenant, id, input, new Date(nowMs - (i % 60) * DAY_MS - i)).document
}

export async function tenantCount (es: Client, names: IndexNames, tenant: string): Promise<number> {
  await es.indices.refresh({ index: names.read })
  return (await es.count({ index: names.read, routing: tenant, query: { term: { tenant } } })).count
}

export interface LoadReport {
  docs: number
  loaded: number
  seconds: number
  docsPerSecond: number
}

/**
 * Tops the tenant up to `target` documents with the Elasticsearch bulk helper. Smaller corpora are prefixes of
 * larger ones, so a 100k corpus is the 10k one plus documents 10,000–99,999. Refreshes are off while loading.
 */
export async function loadCorpus (es: Client, names: IndexNames, tenant: string, target: number, log: (line: string) => void): Promise<LoadReport> {
  const existing = await tenantCount(es, names, tenant)
  if (existing >= target) return { docs: existing, loaded: 0, seconds: 0, docsPerSecond: 0 }
  const started = performance.now()
  const nowMs = Date.now()
  let i = existing
  let lastLog = started
  let firstDrop: string | undefined
  await es.indices.putSettings({ index: names.write, settings: { refresh_interval: '-1' } })
  try {
    const stats = await es.helpers.bulk<StoredAnalysis>({
      datasource: (async function * () {
        for (const doc of corpusRange(existing, target)) {
          yield storedDocument(tenant, doc, i++, nowMs)
          if (i % 10_000 === 0 && performance.now() - lastLog > 10_000) {
            lastLog = performance.now()
            log(`  loaded ${i.toLocaleString('en')} / ${target.toLocaleString('en')} documents`)
          }
        }
      })(),
      onDocument: doc => ({ index: { _index: names.write, _id: esId(tenant, doc.id), routing: tenant } }),
      concurrency: 2,
      flushBytes: 5_000_000,
      retries: 5,
      onDrop: drop => { firstDrop ??= `${drop.document.id}: ${JSON.stringify(drop.error)}` }
    })
    if (stats.failed > 0) throw new Error(`${stats.failed} documents failed to load, first ${firstDrop ?? '?'}`)
  } finally {
    // null restores the default (1 s, and no refreshes while the shard is search-idle); the types omit null.
    await es.indices.putSettings({ index: names.write, settings: { refresh_interval: null as unknown as string } })
  }
  const docs = await tenantCount(es, names, tenant)
  if (docs !== target) throw new Error(`expected ${target} documents of tenant ${tenant}, found ${docs}`)
  const seconds = (performance.now() - started) / 1000
  return { docs, loaded: target - existing, seconds, docsPerSecond: (target - existing) / seconds }
}

/** Waits until Elasticsearch merges nothing in the background, so merges do not run into a measurement. */
export async function settle (es: Client, index: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const stats = await es.indices.stats({ index, metric: ['merge'] })
    if ((stats._all.total?.merges?.current ?? 0) === 0) return
    await new Promise(resolve => setTimeout(resolve, 500))
  }
}
