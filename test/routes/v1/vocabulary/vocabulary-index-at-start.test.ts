import { test } from 'tap'
import { demoCorpus } from '../../../../src/demo/corpus.ts'
import { bearer, build } from '../../../helpers/build.ts'

// Every write reads the tenant's vocabulary first. Were its index created by the first vocabulary PUT, the writes
// racing that PUT would read an index whose shard is still starting: a 503 (no_shard_available_action_exception).
test('the vocabulary index is there, its shard active, before the service serves: writes racing the first vocabulary change never answer 503', async t => {
  const app = await build(t)
  const index = `${app.indices.read}-vocabulary`
  t.ok(await app.es.indices.exists({ index }), 'created at start')
  const health = await app.es.cluster.health({ index })
  t.equal(health.active_primary_shards, 1, 'and its shard active')

  const headers = bearer(app, { tenant: 'demo', roles: ['admin'] })
  const corpus = [...demoCorpus({ count: 400 })]
  const race = { over: false }
  const statuses: number[] = []
  // Four writers keep writing, one request after the other, until the first vocabulary change is acknowledged.
  const writer = async (offset: number) => {
    for (let i = offset; i < corpus.length && !race.over; i += 4) {
      const doc = corpus[i]!
      statuses.push((await app.inject({ method: 'PUT', url: `/v1/analyses/${doc.id}`, headers, payload: { caption: doc.caption, image_analysis: doc.image_analysis } })).statusCode)
    }
  }
  const change = app.inject({ method: 'PUT', url: '/v1/admin/vocabulary', headers, payload: { synonyms: [['woods', 'forest']] } }).finally(() => { race.over = true })
  await Promise.all([0, 1, 2, 3].map(writer))
  t.equal((await change).statusCode, 200, 'the first vocabulary change is acknowledged')
  t.ok(statuses.length >= 4, `${statuses.length} writes raced it`)
  t.same(statuses.filter(status => status !== 201), [], 'every racing write stored (201)')
})
