import fp from 'fastify-plugin'
import type { Client } from '@elastic/elasticsearch'
import type { FastifyInstance } from 'fastify'
import { createEsClient, opaqueIds } from '../clients/elasticsearch.ts'
import type { Config } from '../config/load-config.ts'
import { ensureIndex, type IndexState } from '../search/index/ensure-index.ts'
import { ensureVocabularyIndex } from '../search/vocabulary/vocabulary-store.ts'
import { MAPPING_VERSION } from '../search/index/mappings.ts'
import { indexNames, type IndexNames } from '../search/index/index-names.ts'

declare module 'fastify' {
  interface FastifyInstance {
    es: Client
    indices: IndexNames
    /** The index behind the aliases once it is known to exist; null until then (see /readyz). */
    searchIndex: () => IndexState | null
  }
  interface FastifyRequest {
    /** The shared client, tagging its requests with this request's id (X-Opaque-Id) for ES slow logs and tasks. */
    es: Client
  }
}

const ENSURE_RETRY_MS = 2000

/**
 * One Elasticsearch client per process (src/clients/elasticsearch.ts). The analyses and vocabulary indices are ensured at start without blocking it: an instance that
 * boots before Elasticsearch answers keeps retrying and reports not-ready meanwhile.
 */
async function elasticsearch (fastify: FastifyInstance, config: Config['elasticsearch']): Promise<void> {
  const es = createEsClient(config)
  const names = indexNames(config.indexPrefix)
  let state: IndexState | null = null
  let timer: NodeJS.Timeout | undefined
  let closing = false

  const ensure = async (): Promise<void> => {
    try {
      const ensured = await ensureIndex(es, names, config)
      await ensureVocabularyIndex(es, names)
      state = ensured
      fastify.log.info({ index: state.index, created: state.created, textAnalysis: state.textAnalysis, addedFields: state.addedFields }, 'search index ready')
      if (state.mappingVersion < MAPPING_VERSION) {
        fastify.log.warn({ index: state.index, mappingVersion: state.mappingVersion, current: MAPPING_VERSION }, 'the index has an older mapping: run `npm run migrate` (new fields were added; changed ones wait for the migration)')
      }
    } catch (error) {
      fastify.log.warn({ err: error }, 'search index not ready; retrying')
      if (!closing) timer = setTimeout(ensure, ENSURE_RETRY_MS)
    }
  }

  fastify.decorate('es', es)
  fastify.decorate('indices', names)
  fastify.decorate('searchIndex', () => state)
  // Every call a handler makes is tagged with the request id (src/clients/elasticsearch.ts, opaqueIds): the handler
  // and what it starts run in this context. Body parsing is over by preHandler, so no socket event can lose it.
  fastify.decorateRequest('es', { getter: () => es })
  fastify.addHook('preHandler', (request, _reply, done) => { opaqueIds.run(request.id, done) })
  fastify.addHook('onReady', async () => { await ensure() })
  fastify.addHook('onClose', async () => {
    closing = true
    clearTimeout(timer)
    await es.close()
  })
}

export const elasticsearchPlugin = fp(elasticsearch, { name: 'elasticsearch' })
