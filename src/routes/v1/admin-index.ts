import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ProblemError } from '../../http/errors.ts'
import { problemResponses } from '../../schemas/problem.ts'
import { ReindexJobSchema, type ReindexJob } from '../../schemas/reindex-job.ts'
import { reindexTenant } from '../../search/index/reindex-tenant.ts'

/**
 * Tenant-scoped index maintenance for a tenant's admin: re-derive every facet of the tenant's documents with the
 * current normalizer. Building a new index version (a migration) touches every tenant and is therefore an
 * operator command (`npm run migrate`), never reachable with a tenant's token.
 */
export const adminIndexRoutes: FastifyPluginAsyncTypebox = async fastify => {
  // The state of jobs started on this instance; a job runs in the background because a large tenant takes minutes.
  const jobs = new Map<string, ReindexJob>()

  fastify.post('/admin/reindex', {
    config: { auth: 'admin' },
    schema: {
      tags: ['admin'],
      operationId: 'startReindex',
      summary: 'Re-derive the facets of all of the tenant\'s analyses (runs in the background)',
      description: 'Rewrites every analysis of the tenant with the current normalizer, in place; a write made meanwhile always wins. Answers 202 with the job at once (Location: its state); 409 while a reindex of the tenant runs on this instance.',
      response: { 202: ReindexJobSchema, ...problemResponses(409) }
    }
  }, async (request, reply) => {
    const tenant = request.user.tenant
    if (jobs.get(tenant)?.state === 'running') throw new ProblemError('CONFLICT', 'A reindex of this tenant is already running')
    const job: ReindexJob = { state: 'running', rewritten: 0, skipped: 0, started_at: new Date().toISOString() }
    jobs.set(tenant, job)
    reindexTenant(fastify.es, fastify.indices, tenant, stats => { job.rewritten = stats.copied; job.skipped = stats.skipped })
      .then(async () => { job.state = 'done'; await fastify.tenantWritten(tenant) })
      .catch(error => { job.state = 'failed'; request.log.error({ err: error }, 'reindex failed') })
      .finally(() => { job.finished_at = new Date().toISOString() })
    return reply.code(202).header('location', '/v1/admin/reindex').send(job)
  })

  fastify.get('/admin/reindex', {
    config: { auth: 'admin' },
    schema: {
      tags: ['admin'],
      operationId: 'getReindex',
      summary: 'State of the tenant\'s last reindex on this instance',
      description: 'The job started last by POST /v1/admin/reindex on the instance that answers (jobs are not shared between instances); 404 when none was started there.',
      response: { 200: ReindexJobSchema, ...problemResponses(404) }
    }
  }, async request => {
    const job = jobs.get(request.user.tenant)
    if (job === undefined) throw new ProblemError('NOT_FOUND', 'No reindex was started for this tenant on this instance')
    return job
  })
}
