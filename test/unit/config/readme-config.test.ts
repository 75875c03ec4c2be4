import { test } from 'tap'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

test('the README configuration table is the one generated from the schema', async t => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
  const table = execFileSync(process.execPath, ['scripts/config-table.ts'], { encoding: 'utf8' }).trim()
  t.ok(readme.includes(table), 'run `node scripts/config-table.ts` and paste its output into README.md')
})

test('the README names the two commands and .ci/run calls the test one', async t => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
  const ci = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8')
  t.match(readme, /npm run demo/)
  t.match(readme, /npm test/)
  t.match(ci, /^npm test /m)
})
