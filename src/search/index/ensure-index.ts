import type { Client } from '@elastic/elasticsearch'
import { esFailure } from '../../clients/elasticsearch-errors.ts'
import { addNewFields } from './add-new-fields.ts'
import { analysesIndexBody, MAPPING_VERSION, type IndexLayout } from './mappings.ts'
import { chooseTextAnalysis } from './text-analysis.ts'
import type { IndexNames } from './index-names.ts'

export interface IndexState {
  /** The concrete index behind the read alias. */
  index: string
  created: boolean
  textAnalysis: string
  /** The mapping version the index was created with (older than MAPPING_VERSION: `npm run migrate`). */
  mappingVersion: number
  /** Fields added to an older index at start (add-new-fields.ts). */
  addedFields: string[]
}

/**
 * Creates version 1 behind the read and write aliases when the read alias does not exist yet; gives an existing index
 * of an older mapping the fields it lacks. Safe to run from several instances at once: losing the creation race is
 * success, and adding a field twice changes nothing.
 */
export async function ensureIndex (es: Client, names: IndexNames, layout: IndexLayout): Promise<IndexState> {
  const existing = await currentIndex(es, names)
  if (existing !== null) {
    return existing.mappingVersion < MAPPING_VERSION ? { ...existing, addedFields: await addNewFields(es, existing.index) } : existing
  }
  const analysis = await chooseTextAnalysis(es)
  const first = names.version(1)
  try {
    await es.indices.create({
      ...analysesIndexBody(analysis, layout),
      index: first,
      aliases: { [names.read]: {}, [names.write]: { is_write_index: true } },
      wait_for_active_shards: 1
    })
    return { index: first, created: true, textAnalysis: analysis.kind, mappingVersion: MAPPING_VERSION, addedFields: [] }
  } catch (error) {
    if (esFailure(error) !== 'exists') throw error
    const raced = await currentIndex(es, names)
    if (raced === null) throw error
    return raced
  }
}

export async function currentIndex (es: Client, names: IndexNames): Promise<IndexState | null> {
  const aliases = await es.indices.getAlias({ name: names.read }, { ignore: [404] })
  const index = Object.keys(aliases).find(name => name.startsWith(`${names.read}-v`))
  if (index === undefined) return null
  const mapping = await es.indices.getMapping({ index })
  const meta = mapping[index]?.mappings._meta ?? {}
  return { index, created: false, textAnalysis: String(meta.text_analysis ?? 'unknown'), mappingVersion: Number(meta.mapping_version ?? 0), addedFields: [] }
}
