import type { Client } from '@elastic/elasticsearch'
import type { ReindexJob } from '../../schemas/reindex-job.ts'
import type { IndexNames } from '../index/index-names.ts'
import { rederiveVocabulary } from './rederive-vocabulary.ts'
import { tenantsRollingOut } from './vocabulary-store.ts'

export interface VocabularyJobsOptions {
  /** After each batch and at the end: the tenant's answers changed (the cache advances its generation). */
  onChange: (tenant: string) => Promise<void>
  onError: (error: unknown, tenant: string) => void
}

class Stopped extends Error {}

/**
 * The re-derivations this instance runs, one per tenant at a time: a change of merges during a job is picked up by
 * the job itself (rederive-vocabulary.ts loops until nothing is pending). Several instances may run the same
 * tenant's job at once (after a restart); that costs work, never correctness (every rewrite is guarded).
 */
export class VocabularyJobs {
  readonly #es: Client
  readonly #names: IndexNames
  readonly #options: VocabularyJobsOptions
  readonly #jobs = new Map<string, ReindexJob>()
  readonly #running = new Map<string, Promise<void>>()
  #stopped = false
  #stop: () => void = () => {}
  readonly #stopping = new Promise<void>(resolve => { this.#stop = resolve })
  /** Awaited before each pass and batch of every job: a test seam to hold a job mid-way (null: none). */
  gate: (() => Promise<void>) | null = null

  constructor (es: Client, names: IndexNames, options: VocabularyJobsOptions) {
    this.#es = es
    this.#names = names
    this.#options = options
  }

  /** Starts the tenant's re-derivation, or answers the one running (it will see the newer merges). */
  start (tenant: string): ReindexJob {
    const running = this.#jobs.get(tenant)
    if (running?.state === 'running' && this.#running.has(tenant)) return running
    const job: ReindexJob = { state: 'running', rewritten: 0, skipped: 0, started_at: new Date().toISOString() }
    this.#jobs.set(tenant, job)
    const checkpoint = async () => {
      if (this.#stopped) throw new Stopped()
      // A held job lets go when the instance stops, so closing never waits for the gate.
      await Promise.race([this.gate?.(), this.#stopping])
      if (this.#stopped) throw new Stopped()
    }
    const run = rederiveVocabulary(this.#es, this.#names, tenant, job, { checkpoint, onBatch: async () => { await this.#options.onChange(tenant) } })
      .then(async () => { job.state = 'done'; await this.#options.onChange(tenant) })
      .catch(error => {
        job.state = 'failed'
        if (!(error instanceof Stopped)) this.#options.onError(error, tenant)
      })
      .finally(() => { job.finished_at = new Date().toISOString(); this.#running.delete(tenant) })
    this.#running.set(tenant, run)
    return job
  }

  /** The job this instance ran last for the tenant. */
  job (tenant: string): ReindexJob | undefined {
    return this.#jobs.get(tenant)
  }

  /** At start: the re-derivations a stopped instance left unfinished (the vocabulary index says which). */
  async resume (): Promise<string[]> {
    const tenants = await tenantsRollingOut(this.#es, this.#names)
    for (const tenant of tenants) this.start(tenant)
    return tenants
  }

  /** Waits for the tenant's running job (tests, scripts). */
  async settled (tenant: string): Promise<void> {
    await this.#running.get(tenant)
  }

  /** Stops every job at its next checkpoint (between batches): what is done stays done, the rest resumes at start. */
  async stop (): Promise<void> {
    this.#stopped = true
    this.#stop()
    await Promise.all([...this.#running.values()])
  }
}
