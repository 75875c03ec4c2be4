import { test } from 'tap'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * Runs a command line the way a person would, with an environment in which doing anything real fails: no JWT
 * secret, nothing listening where Elasticsearch, Redis and the API are looked for. A --help that did more than
 * print would fail or hang instead of exiting 0.
 */
function run (command: string, args: string[]) {
  const env = { PATH: process.env.PATH, ES_URL: 'http://127.0.0.1:1', REDIS_URL: 'redis://127.0.0.1:1', API_URL: 'http://127.0.0.1:1' }
  return spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 })
}

const CLIS: Array<{ name: string, command: string, args: string[], options: string[] }> = [
  { name: 'import', command: process.execPath, args: ['scripts/import.ts'], options: ['--url', '--token', '--tenant', '--batch', '--concurrency', '--rejects', '--refresh'] },
  { name: 'migrate', command: process.execPath, args: ['scripts/migrate.ts'], options: ['--keep-old', '--force'] },
  { name: 'token', command: process.execPath, args: ['scripts/token.ts'], options: ['--tenant', '--roles', '--sub', '--ttl'] },
  { name: 'demo-corpus', command: process.execPath, args: ['scripts/demo-corpus.ts'], options: ['--count', '--seed', '--out'] },
  // Through its shell entry, which would otherwise bring up Elasticsearch and Redis first.
  { name: 'bench', command: 'bash', args: ['scripts/bench.sh'], options: ['--quick', '--docs', '--runs', '--only', '--service-root'] }
]

for (const cli of CLIS) {
  test(`${cli.name} --help prints its usage and does nothing else`, async t => {
    // -h is the same option (parseArgs' short name); one command checks it, each spawn costs a second or so.
    for (const flag of cli.name === 'token' ? ['--help', '-h'] : ['--help']) {
      const result = run(cli.command, [...cli.args, flag])
      t.equal(result.status, 0, `${flag}: exit code 0`)
      t.match(result.stdout, /^usage: /, `${flag}: the usage on stdout`)
      for (const option of [...cli.options, '--help']) t.match(result.stdout, option, `${flag}: names ${option}`)
      t.equal(result.stderr, '', `${flag}: nothing on stderr`)
    }
  })
}

test('an unknown option is a usage error: exit 2 and the usage on stderr', async t => {
  for (const cli of CLIS.filter(cli => cli.name === 'import' || cli.name === 'migrate' || cli.name === 'token')) {
    const result = run(cli.command, [...cli.args, '--no-such-option'])
    t.equal(result.status, 2, `${cli.name}: exit code 2`)
    t.match(result.stderr, /no-such-option[\s\S]*usage: /, `${cli.name}: names the option, then the usage`)
  }
})
