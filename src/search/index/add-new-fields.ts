import type { Client, estypes } from '@elastic/elasticsearch'
import { analysesMappings } from './mappings.ts'

type Properties = Record<string, estypes.MappingProperty>

/**
 * Adds to an index created by an older version of the service the fields this version maps and it lacks (say, the
 * facets of a newer normalizer), so that writes keep working under `dynamic: strict` right after an upgrade. Only
 * additions: Elasticsearch changes no field's type in place (`focal_mm` was an integer_range in mapping version 1,
 * and keeps truncating decimals there), which is what `npm run migrate` is for. Returns the paths added.
 */
export async function addNewFields (es: Client, index: string): Promise<string[]> {
  const mapping = await es.indices.getMapping({ index })
  const existing = mapping[index]?.mappings.properties ?? {}
  const paths: string[] = []
  const properties = missing(analysesMappings().properties ?? {}, existing, '', paths)
  if (paths.length > 0) await es.indices.putMapping({ index, properties })
  return paths
}

function missing (wanted: Properties, existing: Properties, prefix: string, paths: string[]): Properties {
  const out: Properties = {}
  for (const [name, field] of Object.entries(wanted)) {
    const present = existing[name] as { properties?: Properties } | undefined
    if (present === undefined) {
      out[name] = field
      paths.push(prefix + name)
      continue
    }
    const inner = (field as { properties?: Properties }).properties
    if (inner === undefined || present.properties === undefined) continue
    const added = missing(inner, present.properties, `${prefix}${name}.`, paths)
    if (Object.keys(added).length > 0) out[name] = { ...field, properties: added } as estypes.MappingProperty
  }
  return out
}
