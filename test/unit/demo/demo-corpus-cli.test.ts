import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { test } from 'tap'
import { demoCorpus } from '../../../src/demo/corpus.ts'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../../../scripts/demo-corpus.ts', import.meta.url))

function expected (count: number, seed?: number): string {
  let out = ''
  for (const doc of demoCorpus({ count, ...(seed === undefined ? {} : { seed }) })) out += JSON.stringify(doc) + '\n'
  return out
}

test('writes NDJSON to stdout and reports the rate on stderr', async (t) => {
  const { stdout, stderr } = await run(process.execPath, [SCRIPT, '--count', '120'], { maxBuffer: 1 << 26 })
  t.equal(stdout, expected(120))
  t.match(stderr, /120 documents \(seed 42\) in [\d.]+ s, \d+ docs\/s/)
})

test('writes to --out with the given seed, across several batches', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-corpus-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'corpus.ndjson')
  const { stdout } = await run(process.execPath, [SCRIPT, '--count', '400', '--seed', '7', '--out', file])
  t.equal(stdout, '')
  t.equal(readFileSync(file, 'utf8'), expected(400, 7))
})

test('rejects a missing or invalid count and an unwritable file', async (t) => {
  for (const args of [[], ['--count', 'abc'], ['--count', '5', '--seed', '-1'], ['--bogus']]) {
    const err = await run(process.execPath, [SCRIPT, ...args]).then(() => null, (e: unknown) => e)
    t.match(err, { code: 1 }, `args ${JSON.stringify(args)} exit 1`)
  }
  const err = await run(process.execPath, [SCRIPT, '--count', '3', '--out', '/nonexistent/dir/x.ndjson'])
    .then(() => null, (e: unknown) => e)
  t.match(err, { code: 1, stderr: /ENOENT/ })
})

test('a reader closing the pipe early is not an error', async (t) => {
  // pipefail: the script's own exit status decides, not head's.
  const pipeline = `set -o pipefail; "${process.execPath}" "${SCRIPT}" --count 20000 | head -c 10`
  const { stdout, stderr } = await run('bash', ['-c', pipeline])
  t.equal(stdout, '{"id":"see')
  t.notMatch(stderr, /EPIPE/)
})
