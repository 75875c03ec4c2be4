/**
 * Imports a large catalog through the bulk endpoint (`npm run import -- --help` prints USAGE). Analyses without an
 * id get a content-derived id, so re-running the same input creates no duplicates.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config/load-config.ts'
import { signDevToken } from '../src/http/dev-token.ts'
import { openSource } from '../src/import/read-sources.ts'
import { formatDuration, progressReporter } from '../src/import/progress.ts'
import { runImport } from '../src/import/run-import.ts'

const USAGE = `usage: npm run import -- <file.ndjson | folder of .json files> [options]   (node scripts/import.ts …)

  --url URL            the service (default: API_URL, else http://127.0.0.1:3000)
  --token JWT          a bearer token with the ingester role (default: IMPORT_TOKEN, else a development
                       token for --tenant signed with JWT_SECRET)
  --tenant T           the tenant of that development token (default: demo)
  --batch N            analyses per bulk request, 1–1000 (default: 500)
  --concurrency N      bulk requests in flight, 1–8 (default: 2)
  --rejects FILE       where rejected lines go, with their reasons (default: rejects.ndjson)
  --refresh            each batch waits until its analyses are searchable
  --help               this text

exit code: 0 all stored, 1 some rejected (see the rejects file), 2 the import could not run`

class UsageError extends Error {}

async function main (): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:3000' },
        token: { type: 'string' },
        tenant: { type: 'string', default: 'demo' },
        batch: { type: 'string', default: '500' },
        concurrency: { type: 'string', default: '2' },
        rejects: { type: 'string', default: 'rejects.ndjson' },
        refresh: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const path = positionals[0]
  if (path === undefined) throw new UsageError('give a JSON-lines file or a folder of .json files to import')
  const batchSize = Math.min(1000, Math.max(1, Number(values.batch)))
  const concurrency = Math.min(8, Math.max(1, Number(values.concurrency)))
  const token = values.token ?? process.env.IMPORT_TOKEN ?? signDevToken(loadConfig().jwt, { tenant: values.tenant, roles: ['ingester'], sub: 'import', ttlS: 24 * 3600 })
  const source = await openSource(path)
  // Created on the first rejected line only: a clean import leaves no empty rejects file behind.
  let rejects: WriteStream | undefined
  const summary = await runImport(source, {
    url: values.url,
    token,
    refresh: values.refresh,
    batchSize,
    concurrency,
    onProgress: progressReporter(process.stderr),
    onReject: (line, reason) => {
      rejects ??= createWriteStream(values.rejects)
      rejects.write(`${JSON.stringify({ origin: line.origin, ...reason, line: line.text })}\n`)
    }
  })
  if (rejects !== undefined) await new Promise(resolve => rejects!.end(resolve))
  const rate = Math.round(summary.stored / Math.max(summary.seconds, 0.001))
  process.stderr.write(`imported ${summary.stored} (${summary.created} created, ${summary.replaced} replaced), ` +
    `rejected ${summary.rejected}${rejects !== undefined ? ` → ${values.rejects}` : ''}, in ${formatDuration(summary.seconds)} (${rate} docs/s)\n`)
  return summary.rejected > 0 ? 1 : 0
}

main().then(code => { process.exitCode = code }, error => {
  process.stderr.write(`import failed: ${(error as Error).message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`)
  process.exitCode = 2
})
