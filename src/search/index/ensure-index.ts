import type { Client } from '@elastic/elasticsearch'
import { esFailure } from '../../clients/elasticsearch-errors.ts'
import { analysesIndexBody } from './mappings.ts'
import { chooseTextAnalysis } from './text-analysis.ts'
import type { IndexNames } from './index-names.ts'

export interface IndexState {
  /** The concrete index behind the read alias. */
  index: string
  created: boolean
  textAnalysis: string
}

/**
 * Creates version 1 behind the read and write aliases when the read alias does not exist yet.
 * Safe to run from several instances at once: losing the creation race is success.
 */
export async function ensureIndex (es: Client, names: IndexNames, shards: number): Promise<IndexState> {
  const existing = await currentIndex(es, names)
  if (existing !== null) return existing
  const analysis = await chooseTextAnalysis(es)
  const first = names.version(1)
  try {
    await es.indices.create({
      ...analysesIndexBody(analysis, shards),
      index: first,
      aliases: { [names.read]: {}, [names.write]: { is_write_index: true } },
      wait_for_active_shards: 1
    })
    return { index: first, created: true, textAnalysis: analysis.kind }
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
  return { index, created: false, textAnalysis: String(meta.text_analysis ?? 'unknown') }
}
