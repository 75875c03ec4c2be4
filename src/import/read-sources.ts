import { createReadStream } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { jsonFileLines, type SourceLine } from './json-lines.ts'

export interface Source {
  totalBytes: number
  lines: AsyncGenerator<SourceLine>
}

/** A JSON-lines file (one analysis per line) or a folder of `.json` files (an analysis or an array of them each). */
export async function openSource (path: string): Promise<Source> {
  const info = await stat(path)
  if (info.isDirectory()) {
    const files = (await readdir(path)).filter(name => name.endsWith('.json')).sort()
    const sizes = await Promise.all(files.map(async name => (await stat(join(path, name))).size))
    return { totalBytes: sizes.reduce((a, b) => a + b, 0), lines: folderLines(path, files, sizes) }
  }
  return { totalBytes: info.size, lines: fileLines(path) }
}

async function * fileLines (path: string): AsyncGenerator<SourceLine> {
  let bytes = 0
  let number = 0
  const reader = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })
  for await (const line of reader) {
    number++
    bytes += Buffer.byteLength(line) + 1
    if (line.trim() !== '') yield { text: line, origin: `${path}:${number}`, progressBytes: bytes }
  }
}

async function * folderLines (dir: string, files: string[], sizes: number[]): AsyncGenerator<SourceLine> {
  let bytes = 0
  for (const [i, name] of files.entries()) {
    const text = await readFile(join(dir, name), 'utf8')
    bytes += sizes[i]!
    yield * jsonFileLines(name, text, bytes)
  }
}
