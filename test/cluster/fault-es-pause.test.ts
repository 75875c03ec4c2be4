import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'tap'
import { bearer, buildWith } from '../helpers/build.ts'
import { clusterConfig, holdClusterLock, removeClusterData, servicesUp } from '../helpers/cluster.ts'
import { primaryNodeOf, report, timed, waitFor } from '../helpers/faults.ts'

const TIMEOUT_MS = 2000
// The bound every answer must keep while a node is frozen: one Elasticsearch timeout (a timeout is not retried),
// plus the margin a loaded 2-core machine needs for the rest of the request.
const BOUND_MS = TIMEOUT_MS + 3000
const CREATORS = 3
const UPDATERS = 2
const PAUSE_MS = 8000

interface Write { id: string, caption: string, key: string, ifMatch?: string }

test('SIGSTOP of the node holding the tenant\'s primary during keyed writes and their retries: bounded answers, none lost, none applied twice', async t => {
  await holdClusterLock(t, 'exclusive')
  const config = await clusterConfig(t.name, 'cluster', { ES_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), RATE_LIMIT_IP_MAX: '1000000', RATE_LIMIT_WRITE_MAX: '1000000' })
  const app = await buildWith(t, config)
  t.teardown(async () => { await servicesUp('cluster') })
  t.teardown(() => removeClusterData(config))
  const index = `${app.indices.read}-v1`
  await app.es.cluster.health({ index, wait_for_status: 'green', timeout: '60s' }, { requestTimeout: 65_000 })
  const victim = await primaryNodeOf(app.es, index, 'acme')
  const headers = bearer(app, { tenant: 'acme', roles: ['ingester'] })
  const payload = (caption: string) => ({ caption, image_analysis: { environment: { setting: 'Harbor' } } })

  let maxLatencyMs = 0
  let pausedAt = 0
  let resumedAt = 0
  let firstAckAfterResume = 0
  let unknownAttempts = 0
  const retried = new Set<string>()
  const unexpected: string[] = []
  /** Sends one logical write until it has a definite answer, every retry with its key (a client as docs/ingestion.md asks). */
  const send = async (write: Write): Promise<{ status: number, etag: string }> => {
    for (;;) {
      const res = await timed(async () => await app.inject({ method: 'PUT', url: `/v1/analyses/${write.id}`, headers: { ...headers, 'idempotency-key': write.key, ...(write.ifMatch === undefined ? {} : { 'if-match': write.ifMatch }) }, payload: payload(write.caption) }))
      maxLatencyMs = Math.max(maxLatencyMs, res.ms)
      const status = res.value?.statusCode ?? 0
      if (status === 200 || status === 201) {
        if (resumedAt > 0 && firstAckAfterResume === 0) firstAckAfterResume = performance.now() - resumedAt
        return { status, etag: String(res.value!.headers.etag) }
      }
      const code = status === 0 ? 'no answer' : String(res.value!.json().code)
      if (code === 'WRITE_OUTCOME_UNKNOWN') unknownAttempts++
      if (!['WRITE_OUTCOME_UNKNOWN', 'SEARCH_UNAVAILABLE', 'IDEMPOTENCY_IN_FLIGHT'].includes(code)) {
        unexpected.push(`${write.key}: ${status} ${code}`)
        return { status, etag: '' }
      }
      retried.add(write.key)
      await sleep(200)
    }
  }
  const pauseOnce = () => {
    if (pausedAt > 0) return
    process.kill(victim.pid, 'SIGSTOP')
    pausedAt = performance.now()
    setTimeout(() => {
      process.kill(victim.pid, 'SIGCONT')
      resumedAt = performance.now()
    }, PAUSE_MS)
  }
  const running = () => resumedAt === 0 || performance.now() - resumedAt < 3000
  t.teardown(() => { process.kill(victim.pid, 'SIGCONT') })

  // Creators write new ids (each must be answered 201 once, and stored as version 1); updaters chain If-Match writes
  // on one document each (each must succeed, never a 412 for its own retried write, one version per write).
  const created = new Map<string, number>()
  const creator = async (c: number): Promise<void> => {
    for (let n = 0; running(); n++) {
      const write = { id: `c${c}-${n}`, caption: `caption of c${c}-${n}`, key: `create-${c}-${n}` }
      const { status } = await send(write)
      if (status === 201 || status === 200) created.set(write.id, status)
      if (created.size >= 20) pauseOnce()
    }
  }
  const chains = new Map<string, number>()
  const updater = async (u: number): Promise<void> => {
    const id = `u${u}`
    let { etag } = await send({ id, caption: `${id} write 0`, key: `update-${u}-0` })
    let k = 0
    while (running()) {
      const answer = await send({ id, caption: `${id} write ${k + 1}`, key: `update-${u}-${k + 1}`, ifMatch: etag })
      if (answer.status !== 200) break
      etag = answer.etag
      k++
    }
    chains.set(id, k)
  }
  await Promise.all([...Array.from({ length: CREATORS }, async (_, c) => { await creator(c) }), ...Array.from({ length: UPDATERS }, async (_, u) => { await updater(u) })])
  t.ok(pausedAt > 0 && resumedAt > 0, `${victim.name} (pid ${victim.pid}) paused ${PAUSE_MS} ms mid-load`)
  t.ok(maxLatencyMs <= BOUND_MS, `every answer within ${BOUND_MS} ms (slowest ${Math.round(maxLatencyMs)} ms)`)
  t.same(unexpected, [], 'every write ends acknowledged; its retries see only 503s and 409 in flight before that')
  t.ok(unknownAttempts > 0, `the pause left writes with an unknown outcome (${unknownAttempts} attempts), retried with their keys`)

  const recoveryMs = await waitFor('index green', async () => (await app.es.cluster.health({ index, wait_for_status: 'green', timeout: '1s' })).status === 'green', 90_000)
  await app.es.indices.refresh({ index })
  const ids = [...created.keys(), ...chains.keys()]
  const found = await app.es.mget<{ caption?: string }>({ index: app.indices.read, docs: ids.map(id => ({ _id: `acme:${id}`, routing: 'acme' })) })
  const docs = new Map(found.docs.flatMap(doc => 'found' in doc && doc.found ? [[doc._id.slice(5), doc] as const] : []))
  const lost = [...created.keys()].filter(id => docs.get(id)?._source?.caption !== `caption of ${id}`).length +
    [...chains].filter(([id, k]) => docs.get(id)?._source?.caption !== `${id} write ${k}`).length
  // One version per write applied. An If-Match write cannot be applied twice (its sequence number), nor can a
  // retry store what an earlier attempt of its write stored (it reads first, and writes conditionally on what it
  // read). What remains: a first attempt still queued in the paused node may be applied after a retry stored the
  // same document, storing it again as it is (docs/ingestion.md): a second version, same content, and a retry
  // that read it then answers 200 for a document its write created.
  const doubleApplied = [...chains].reduce((sum, [id, k]) => sum + Math.max(0, (docs.get(id)?._version ?? 0) - (k + 1)), 0)
  const restoredAsIs = [...created.keys()].filter(id => (docs.get(id)?._version ?? 1) > 1)
  t.equal(lost, 0, `every one of the ${created.size} created and ${chains.size} updated documents is stored as last acknowledged`)
  t.equal(doubleApplied, 0, 'no change applied twice: one version per If-Match write')
  t.same([...created].filter(([id, status]) => status !== 201 && !restoredAsIs.includes(id)), [], 'every created document answered 201, but for one a late first attempt stored again')
  report(t, 'es-pause', {
    acknowledged: created.size + [...chains.values()].reduce((sum, k) => sum + k + 1, 0),
    lost,
    doubleApplied,
    failedReads: 0,
    unavailable: unknownAttempts,
    retriedWrites: retried.size,
    storedTwiceAsIs: restoredAsIs.length,
    maxLatencyMs: Math.round(maxLatencyMs),
    firstAckAfterResumeMs: Math.round(firstAckAfterResume),
    recoveryMs: Math.round(resumedAt - pausedAt + recoveryMs)
  })
})
