import { test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildWith, testConfig } from '../../helpers/build.ts'
import { RedisServer } from '../../helpers/redis-server.ts'
import { until } from '../../helpers/until.ts'

// On a busy machine a set-up command can time out (REDIS_COMMAND_TIMEOUT_MS): the connection stays up, tracking
// nothing. Here the server refuses CLIENT TRACKING (an ACL rule) instead, which fails the same step every time.
test('a failed tracking set-up is tried again on a new connection: the tier comes on once Redis accepts it', async t => {
  const server = await RedisServer.launch()
  t.teardown(() => server.close())
  const admin = server.client()
  await admin.connect()
  t.teardown(() => admin.disconnect())
  await admin.call('ACL', 'SETUSER', 'default', '-client|tracking')

  const app = await buildWith(t, testConfig(t.name, { REDIS_URL: server.url }))
  await sleep(1000)
  t.equal(app.cacheStats().local_tier, 'off', 'refused: the tier stays off')
  const refusals = Number(/^errorstat_NOPERM:count=(\d+)/m.exec(await admin.call('INFO', 'errorstats') as string)?.[1] ?? 0)
  t.ok(refusals >= 2, `the set-up was tried again: ${refusals} refusals`)

  await admin.call('ACL', 'SETUSER', 'default', '+client|tracking')
  t.ok(await until(() => app.cacheStats().local_tier === 'on', 10_000), 'accepted: the tier serves')
  const clients = await admin.client('LIST') as string
  t.equal(clients.split('\n').filter(line => line.includes('name=ias-invalidations')).length, 1, 'one tracking connection, the failed ones closed')
})
