import { test } from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))

/** Every import of every TypeScript file under src/, as [file, target]: a path under src/ or a package name. */
function imports (): Array<[string, string]> {
  const found: Array<[string, string]> = []
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(name => name.endsWith('.ts'))) {
    const text = readFileSync(join(SRC, file), 'utf8')
    for (const match of text.matchAll(/^(?:import|export)\b[^'"]*?from '([^']+)'|^import '([^']+)'/gm)) {
      const specifier = match[1] ?? match[2]!
      found.push([file, specifier.startsWith('.') ? relative(SRC, resolve(SRC, dirname(file), specifier)) : specifier])
    }
  }
  return found
}

const within = (folder: string) => (path: string) => path.startsWith(`${folder}/`)

test('the layers of src/ import only downwards', async t => {
  const all = imports()
  t.ok(all.length > 200, `${all.length} imports read`)
  const offending = (from: string, allowed: (target: string) => boolean) =>
    all.filter(([file, target]) => within(from)(file) && !allowed(target)).map(([file, target]) => `${file} → ${target}`)
  t.same(offending('schemas', target => target === 'typebox' || within('schemas')(target)), [],
    'src/schemas: TypeBox and its own files only, so routes and domain can both import it')
})
