import type { Client } from '@elastic/elasticsearch'
import type { IndexNames } from '../../src/search/index/index-names.ts'

/** Removes every index version and alias of `names`: what a test or a benchmark created. */
export async function dropIndices (es: Client, names: IndexNames): Promise<void> {
  const found = await es.indices.get({ index: names.pattern, allow_no_indices: true, expand_wildcards: 'all' })
  for (const index of Object.keys(found)) await es.indices.delete({ index }, { ignore: [404] })
}
