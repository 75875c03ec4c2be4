/**
 * Writes the demo corpus as NDJSON (one document per line) to a file or stdout (USAGE below). Rate is reported on
 * stderr so stdout stays pure NDJSON.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import type { Writable } from 'node:stream'
import { DEFAULT_SEED, demoCorpus } from '../src/demo/corpus.ts'

const USAGE = `usage: npm run demo-corpus -- --count N [--seed S] [--out FILE]   (node scripts/demo-corpus.ts …)

Writes N analyses of the deterministic demo corpus (src/demo/corpus.ts) as NDJSON, without tenants: the same
seed always gives the same bytes, and document i depends on i alone.

  --count N            how many analyses
  --seed S             the corpus' seed (default: ${DEFAULT_SEED})
  --out FILE           where to write (default: stdout)
  --help               this text`

// Lines are batched: one write per ~64 KiB instead of per document is several times faster.
const BATCH_BYTES = 64 * 1024

function parseInteger (name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback
  const value = Number(raw)
  if (raw === undefined || !Number.isSafeInteger(value) || value < 0) {
    throw new Error(`--${name} must be a non-negative integer, got ${raw ?? 'nothing'}`)
  }
  return value
}

async function write (out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain')
}

/** A closed pipe (`| head`) is a normal way to stop reading, not a failure. */
function isClosedPipe (err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'EPIPE'
}

export async function main (argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { count: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true
  })
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const count = parseInteger('count', values.count)
  const seed = parseInteger('seed', values.seed, DEFAULT_SEED)
  const out: Writable = values.out === undefined ? process.stdout : createWriteStream(values.out)

  // Errors surface through the awaited `once` calls; this listener only keeps them from being unhandled.
  let failure: unknown
  out.on('error', (err) => { failure ??= err })

  const started = process.hrtime.bigint()
  let written = 0
  try {
    let batch = ''
    for (const doc of demoCorpus({ count, seed, tenantless: true })) {
      if (failure !== undefined) throw failure
      batch += JSON.stringify(doc) + '\n'
      written++
      if (batch.length >= BATCH_BYTES) {
        await write(out, batch)
        batch = ''
      }
    }
    if (batch.length > 0) await write(out, batch)
    if (out !== process.stdout) {
      out.end()
      await once(out, 'finish')
    }
  } catch (err) {
    if (!isClosedPipe(err)) throw err
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const rate = Math.round(written / Math.max(seconds, 1e-9))
  process.stderr.write(`demo-corpus: ${written} documents (seed ${seed}) in ${seconds.toFixed(2)} s, ${rate} docs/s\n`)
  return 0
}

if (import.meta.main) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (err: unknown) => {
    process.stderr.write(`demo-corpus: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  })
}
