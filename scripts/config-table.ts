/** Prints the README's configuration table from the one schema: `node scripts/config-table.ts`. */
import { EnvSchema } from '../src/config/env-schema.ts'

const rows = Object.entries(EnvSchema.properties).map(([name, schema]) => {
  const s = schema as { default?: unknown, description?: string, enum?: string[] }
  const def = s.default === undefined ? '—' : s.default === '' ? '(empty)' : `\`${String(s.default)}\``
  const values = s.enum !== undefined ? ` (${s.enum.join(' \\| ')})` : ''
  return `| \`${name}\` | ${def} | ${s.description ?? ''}${values} |`
})
process.stdout.write(['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n') + '\n')
