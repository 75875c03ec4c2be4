import { test } from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Every import of every TypeScript file under `folders`, as [file, target]: a path from the root, or a package. */
function imports (...folders: string[]): Array<[string, string]> {
  const found: Array<[string, string]> = []
  for (const folder of folders) {
    for (const name of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).filter(name => name.endsWith('.ts'))) {
      const file = join(folder, name)
      const text = readFileSync(join(ROOT, file), 'utf8')
      for (const match of text.matchAll(/^(?:import|export)\b[^'"]*?from '([^']+)'|^import '([^']+)'/gm)) {
        const specifier = match[1] ?? match[2]!
        found.push([file, specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : specifier])
      }
    }
  }
  return found
}

const under = (...folders: string[]) => (path: string) => folders.some(folder => path.startsWith(`${folder}/`))
const fastify = (target: string) => /^(fastify|@fastify\/)/.test(target)

test('every layer imports only what lies below it', async t => {
  const all = imports('src', 'scripts', 'bench')
  t.ok(all.length > 300, `${all.length} imports read`)
  const offending = (from: (file: string) => boolean, forbidden: (target: string) => boolean) =>
    all.filter(([file, target]) => from(file) && forbidden(target)).map(([file, target]) => `${file} → ${target}`)
  t.same(offending(under('src/schemas'), target => target !== 'typebox' && !under('src/schemas')(target)), [],
    'src/schemas: TypeBox and its own files only, so routes and domain can both import it')
  t.same(offending(under('src/search'), target => fastify(target) || under('src/plugins', 'src/routes', 'src/http')(target)), [],
    'src/search: no Fastify, no plugin, route or HTTP module')
  t.same(offending(under('src/clients'), target => fastify(target) || under('src/plugins', 'src/routes', 'src/http', 'src/search')(target)), [],
    'src/clients: the clients and their configuration only')
  t.same(offending(under('scripts', 'bench'), under('src/plugins', 'src/routes')), [],
    'scripts and benchmarks take clients and domain, never plugins or routes')
  t.same(offending(under('src', 'scripts'), under('test', 'bench')), [], 'what ships and what operators run needs no test helper')
})
