import { existsSync, readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { fileURLToPath } from 'node:url'
import { test } from 'tap'
import ts from 'typescript'

// Static checks only: CI machines have no Docker engine, so the Dockerfile is read as text, not built.
const root = new URL('../../', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, root), 'utf8')
const pkg = JSON.parse(read('package.json'))

interface Instruction { keyword: string, args: string }
interface Stage { image: string, name?: string, instructions: Instruction[] }

/** Instructions (continuations joined, comments dropped) grouped by FROM. */
function stages (text: string): Stage[] {
  const lines = text.split('\n').filter(line => !/^\s*#/.test(line))
  const joined = lines.join('\n').replace(/\\\n/g, ' ').split('\n').map(line => line.trim()).filter(Boolean)
  const result: Stage[] = []
  for (const line of joined) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', as, name] = args.split(/\s+/).filter(word => !word.startsWith('--'))
      result.push({ image, ...(as?.toUpperCase() === 'AS' ? { name } : {}), instructions: [] })
    } else {
      result.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args })
    }
  }
  return result
}

const all = stages(read('Dockerfile'))
const final = all.at(-1) as Stage
const find = (stage: Stage, keyword: string) => stage.instructions.filter(i => i.keyword === keyword)
const major = (version: string) => /(\d+)/.exec(version)?.[1]

test('a multi-stage build, every stage on the Node major that package.json requires', async t => {
  t.ok(all.length >= 2, `${all.length} stages`)
  for (const stage of all) t.match(stage.image, /^node:24[.-]/, `FROM ${stage.image}`)
  t.equal(major(pkg.engines.node), '24')
  for (const stage of all) t.equal(major(stage.image), major(pkg.engines.node), `${stage.image} matches engines.node ${pkg.engines.node}`)
})

test('production dependencies only, installed from the lockfile in a stage that the final one copies from', async t => {
  const installer = all.find(stage => find(stage, 'RUN').some(run => /\bnpm ci\b.*--omit=dev/.test(run.args)))
  t.ok(installer?.name, 'a named stage runs npm ci --omit=dev')
  t.not(installer, final, 'npm does not run in the final stage')
  t.ok(find(final, 'COPY').some(copy => copy.args.includes(`--from=${installer?.name}`) && /node_modules/.test(copy.args)))
})

// The web page's build stage also needs its sources and its build script.
const CONTEXT = ['package.json', 'package-lock.json', 'src', 'tsconfig.json', 'ui', 'scripts/build-ui.ts']

test('only package.json, the lockfile, src/ and the web page\'s sources come from the build context', async t => {
  const fromContext = all.flatMap(stage => find(stage, 'COPY').concat(find(stage, 'ADD'))).filter(i => !i.args.includes('--from='))
  t.ok(fromContext.length > 0)
  for (const copy of fromContext) {
    const sources = copy.args.split(/\s+/).filter(word => !word.startsWith('--')).slice(0, -1)
    for (const source of sources) t.ok(CONTEXT.includes(source.replace(/^\.\//, '').replace(/\/$/, '')), `COPY ${source}`)
  }
})

test('the final stage runs the TypeScript server as a non-root user with a liveness healthcheck', async t => {
  const users = find(final, 'USER')
  t.ok(users.length > 0, 'has USER')
  t.notMatch(users.at(-1)?.args ?? '', /^(root|0)(:|$)/, 'the last USER is not root')
  t.same(JSON.parse(find(final, 'CMD').at(-1)?.args ?? 'null'), ['node', '--import', './src/telemetry/register.ts', 'src/server.ts'], 'the preload of npm start, without npm')
  const healthcheck = find(final, 'HEALTHCHECK')
  t.equal(healthcheck.length, 1)
  t.match(healthcheck[0]?.args, /CMD \["node", "-e", .*fetch\(.*\/healthz/)
  t.equal(find(final, 'STOPSIGNAL').at(-1)?.args, 'SIGTERM')
  const env = find(final, 'ENV').map(i => i.args).join(' ')
  for (const pair of ['NODE_ENV=production', 'HOST=0.0.0.0', 'PORT=3000']) t.match(env, pair)
  t.same(find(final, 'EXPOSE').map(i => i.args), ['3000'])
})

test('.dockerignore keeps local state out of the context but not what the image needs', async t => {
  const patterns = read('.dockerignore').split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'))
  const ignored = (path: string) => patterns.reduce((out, pattern) => {
    const negated = pattern.startsWith('!')
    const glob = pattern.replace(/^!/, '').replace(/^\//, '').replace(/\/$/, '')
    const source = glob.replace(/[.+^$()|[\]{}]/g, '\\$&').replace(/\*\*\//g, '\0').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\0/g, '(.*/)?')
    return new RegExp(`^${source}(/.*)?$`).test(path) ? !negated : out
  }, false)
  for (const path of ['node_modules', 'src/node_modules', '.git', '.cache', '.tap', 'coverage', 'bench/results', 'test', '.env', 'dist/ui', 'scripts/demo.sh', 'ui/node_modules']) t.ok(ignored(path), `${path} ignored`)
  for (const path of ['package.json', 'package-lock.json', 'src/server.ts', 'src/config/env-schema.ts', 'tsconfig.json', 'ui/src/main.tsx', 'scripts/build-ui.ts']) t.notOk(ignored(path), `${path} kept`)
})

test('everything the server loads at run time ships in the image: src/, package.json and production dependencies', async t => {
  const src = fileURLToPath(new URL('src/', root))
  // The built web page comes from the ui stage, not from the context (it is a build output, not in git).
  const page = fileURLToPath(new URL('dist/ui/', root))
  const pageCopied = find(final, 'COPY').some(copy => /--from=\S+ \/app\/dist\/ui \.\/dist\/ui$/.test(copy.args))
  t.ok(pageCopied, 'the final stage copies the built page')
  const shipped = (path: string) => path.startsWith(src) || path === fileURLToPath(new URL('package.json', root)) || (pageCopied && path === page)
  const production = new Set(Object.keys(pkg.dependencies))
  const seen = new Set<string>()
  const missing: string[] = []
  const queue = [fileURLToPath(new URL('src/server.ts', root)), fileURLToPath(new URL('src/telemetry/register.ts', root))]
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue
    seen.add(file)
    for (const { kind, specifier } of runtimeReferences(file)) {
      if (kind === 'file' || specifier.startsWith('.')) {
        const target = fileURLToPath(new URL(specifier, `file://${file}`))
        if (!shipped(target) || (target !== page && !existsSync(target))) missing.push(`${file.slice(src.length)} loads ${specifier}, not in the image`)
        if (kind === 'module') queue.push(target)
      } else if (!isBuiltin(specifier)) {
        const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')
        if (!production.has(name)) missing.push(`${file.slice(src.length)} imports ${name}, not a production dependency`)
      }
    }
  }
  t.ok(seen.size > 10, `${seen.size} modules reached from src/server.ts`)
  t.same(missing, [])
  t.notOk(seen.has(`${src}demo/seed-document.ts`), 'the demo seed (which reads ../shared) is not part of the server')
  t.ok(seen.has(`${src}telemetry/start-tracing.ts`), 'the tracing the preload may start is reached too')
})

/** Value imports (type-only ones are erased by type stripping), dynamic imports and new URL('…', import.meta.url). */
function runtimeReferences (file: string): Array<{ kind: 'module' | 'file', specifier: string }> {
  const out: Array<{ kind: 'module' | 'file', specifier: string }> = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly !== true && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ kind: 'module', specifier: node.moduleSpecifier.text })
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ kind: 'module', specifier: node.moduleSpecifier.text })
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments
      out.push({ kind: 'module', specifier: arg !== undefined && ts.isStringLiteral(arg) ? arg.text : `<computed ${arg?.getText()}>` })
    } else if (ts.isNewExpression(node) && node.expression.getText() === 'URL' && node.arguments?.[1]?.getText() === 'import.meta.url') {
      const [arg] = node.arguments
      out.push({ kind: 'file', specifier: arg !== undefined && ts.isStringLiteral(arg) ? arg.text : `./<computed ${arg?.getText()}>` })
    }
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true))
  return out
}
