import type { Client, estypes } from '@elastic/elasticsearch'
import { analysesMappings } from './mappings.ts'

type Properties = Record<string, estypes.MappingProperty>

/**
 * Adds to an index created by an older version of the service the fields this version maps and it lacks (say, the
 * facets of a newer normalizer), so that writes keep working under `dynamic: strict` right after an upgrade. Only
 * additions: Elasticsearch changes no field's type in place (`focal_mm` was an integer_range in mapping version 1,
 * and keeps truncating decimals there), which is what `npm run migrate` is for. A multi-field is an addition too
 * (`caption.words`, version 3): Elasticsearch adds it to an existing field, and indexes it for the documents written
 * from then on; older documents get it from the migration's copy. Returns the paths added.
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
    const present = existing[name] as { properties?: Properties, fields?: Properties } | undefined
    if (present === undefined) {
      out[name] = field
      paths.push(prefix + name)
      continue
    }
    const multi = missingMultiFields(field, present)
    if (multi !== undefined) {
      // The field as it is, plus the sub-fields: parameters that changed since (index_options, version 4) wait
      // for the migration, and asking for them here would refuse the whole mapping update.
      out[name] = { ...present, fields: multi } as estypes.MappingProperty
      paths.push(...Object.keys(multi).map(sub => `${prefix}${name}.${sub}`))
    }
    const inner = (field as { properties?: Properties }).properties
    if (inner === undefined || present.properties === undefined) continue
    const added = missing(inner, present.properties, `${prefix}${name}.`, paths)
    if (Object.keys(added).length > 0) out[name] = { ...field, properties: added } as estypes.MappingProperty
  }
  return out
}

/** The multi-fields (`fields`) of `wanted` that `present` lacks, or undefined when none is missing. */
function missingMultiFields (wanted: estypes.MappingProperty, present: { fields?: Properties }): Properties | undefined {
  const fields = (wanted as { fields?: Properties }).fields
  if (fields === undefined) return undefined
  const lacking = Object.entries(fields).filter(([sub]) => present.fields?.[sub] === undefined)
  return lacking.length > 0 ? Object.fromEntries(lacking) : undefined
}
