import { test } from 'tap'
import { Breaker } from '../../src/clients/breaker.ts'

test('the breaker opens on a failure, lets one trial through per period, and closes on a success', async t => {
  let now = 0
  const breaker = new Breaker(1000, () => now)
  t.ok(breaker.allow() && breaker.allow(), 'closed: everybody calls')
  breaker.failed()
  t.ok(breaker.open)
  t.notOk(breaker.allow(), 'open: nobody calls')
  now = 999
  t.notOk(breaker.allow())
  now = 1000
  t.ok(breaker.allow(), 'the period is over: one trial')
  t.notOk(breaker.allow(), 'only one')
  breaker.failed()
  now = 1999
  t.notOk(breaker.allow(), 'the failed trial opened it for another period')
  now = 2000
  t.ok(breaker.allow())
  now = 3000
  t.ok(breaker.allow(), 'a trial that never reports holds its slot one period at most')
  breaker.succeeded()
  t.notOk(breaker.open)
  t.ok(breaker.allow() && breaker.allow(), 'closed again')
})

test('skipping: true while the open period runs, without claiming the trial', async t => {
  let now = 0
  const breaker = new Breaker(100, () => now)
  t.notOk(breaker.skipping)
  breaker.failed()
  t.ok(breaker.skipping)
  now = 100
  t.notOk(breaker.skipping, 'the period is over')
  t.ok(breaker.allow(), 'and the trial is still there to take')
  t.ok(breaker.skipping, 'taken: the next period runs')
})
