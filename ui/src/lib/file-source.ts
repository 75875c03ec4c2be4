/**
 * A file picked in the browser, as the lines the import client (src/import) sends: the same batching, retries and
 * per-line outcomes as `npm run import`. A name ending in .json holds one analysis or an array of them (read as
 * the import command reads a folder's files); anything else is NDJSON, one analysis per line, blank lines skipped.
 * Origins name the line (`file.ndjson:7`) or the array element (`file.json[3]`), as in the command's rejects file.
 * Pure: no DOM.
 */
import { jsonFileLines, type SourceLine } from '../../../src/import/json-lines.ts'
import type { Source } from '../../../src/import/read-sources.ts'

const encoder = new TextEncoder()

export interface PickedFile {
  lines: SourceLine[]
  totalBytes: number
}

export function readPickedFile (name: string, text: string): PickedFile {
  const totalBytes = encoder.encode(text).length
  if (name.toLowerCase().endsWith('.json')) return { lines: [...jsonFileLines(name, text, totalBytes)], totalBytes }
  const lines: SourceLine[] = []
  let bytes = 0
  for (const [i, raw] of text.split('\n').entries()) {
    bytes += encoder.encode(raw).length + 1
    const line = raw.replace(/\r$/, '')
    if (line.trim() !== '') lines.push({ text: line, origin: `${name}:${i + 1}`, progressBytes: Math.min(bytes, totalBytes) })
  }
  return { lines, totalBytes }
}

/** The picked file as the import client's Source. */
export function asSource (file: PickedFile): Source {
  return {
    totalBytes: file.totalBytes,
    lines: (async function * () { yield * file.lines })()
  }
}
