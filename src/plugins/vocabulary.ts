import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { VocabularyJobs } from '../search/vocabulary/vocabulary-jobs.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The tenants' re-derivations after a change of merges (src/search/vocabulary/vocabulary-jobs.ts). */
    vocabularyJobs: VocabularyJobs
  }
}

/**
 * Runs re-derivations in the background. At start it resumes those a stopped instance left unfinished (the
 * vocabulary index records which, the documents how far); at close it stops them between two batches.
 */
async function vocabulary (fastify: FastifyInstance): Promise<void> {
  const jobs = new VocabularyJobs(fastify.es, fastify.indices, {
    onChange: async tenant => { await fastify.tenantWritten(tenant) },
    // The tenant stays out of logs; the job is retried by the next start or change.
    onError: error => { fastify.log.error({ err: error }, 'vocabulary re-derivation failed') }
  })
  fastify.decorate('vocabularyJobs', jobs)
  fastify.addHook('onReady', async () => {
    jobs.resume()
      .then(tenants => { if (tenants.length > 0) fastify.log.info({ jobs: tenants.length }, 'vocabulary re-derivations resumed') })
      .catch(error => { fastify.log.warn({ err: error }, 'vocabulary re-derivations not resumed') })
  })
  fastify.addHook('onClose', async () => { await jobs.stop() })
}

export const vocabularyPlugin = fp(vocabulary, { name: 'vocabulary', dependencies: ['elasticsearch', 'tenant-writes'] })
