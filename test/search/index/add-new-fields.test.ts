import { test } from 'tap'
import { Client } from '@elastic/elasticsearch'
import { analysesIndexBody, MAPPING_VERSION } from '../../../src/search/index/mappings.ts'
import { indexNames } from '../../../src/search/index/index-names.ts'
import { dropIndices } from '../../helpers/indices.ts'
import { chooseTextAnalysis } from '../../../src/search/index/text-analysis.ts'
import { currentIndex } from '../../../src/search/index/ensure-index.ts'
import { migrate } from '../../../src/search/index/migrate.ts'
import { bearer, buildWith, ES_URL, testConfig } from '../../helpers/build.ts'

const NEW_IN_2 = ['facets.light_color', 'facets.negative', 'unmapped.light_color', 'unmapped.negative', 'focal_mm_lower', 'light_sources', 'light_pairs']
/** Multi-fields of version 3: the words as written, with their prefixes (search as you type). */
const NEW_IN_3 = ['caption.words', 'analysis_text.words']
/** Changed in place by no start (version 4): offsets in the postings, for the highlighter. */
const HIGHLIGHTED = ['caption', 'analysis_text']

/** The mapping of version 1: the ten facets of then, focal_mm an integer_range, no light sources. */
async function createVersion1 (es: Client, prefix: string): Promise<void> {
  const names = indexNames(prefix)
  const body = analysesIndexBody(await chooseTextAnalysis(es), { shards: 1 })
  const properties = { ...body.mappings!.properties! } as Record<string, { properties?: Record<string, unknown> }>
  for (const path of NEW_IN_2) {
    const [top, inner] = path.split('.')
    if (inner === undefined) delete properties[top!]
    else {
      const { [inner]: _gone, ...rest } = properties[top!]!.properties!
      properties[top!] = { properties: rest }
    }
  }
  for (const path of NEW_IN_3) {
    const [top] = path.split('.')
    const { fields: _gone, ...rest } = properties[top!] as { fields?: unknown }
    properties[top!] = rest as never
  }
  properties.focal_mm = { type: 'integer_range' } as never
  // Versions 1–3: no offsets in the text fields' postings, facet ordinals built by the first search after a refresh.
  for (const field of HIGHLIGHTED) {
    const { index_options: _gone, ...rest } = properties[field] as { index_options?: string }
    properties[field] = rest as never
  }
  properties.facets = { properties: Object.fromEntries(Object.keys(properties.facets!.properties!).map(name => [name, { type: 'keyword' }])) }
  await es.indices.create({
    ...body,
    index: names.version(1),
    mappings: { ...body.mappings, properties: properties as never, _meta: { mapping_version: 1, text_analysis: 'x' } },
    aliases: { [names.read]: {}, [names.write]: { is_write_index: true } }
  })
}

test('an index of mapping version 1 gets the new fields at start, so writes and the new facets work before a migration, which gives it the current mapping', async t => {
  const config = testConfig(t.name)
  const es = new Client({ node: ES_URL })
  t.teardown(async () => { await dropIndices(es, indexNames(config.elasticsearch.indexPrefix)); await es.close() })
  await createVersion1(es, config.elasticsearch.indexPrefix)

  const app = await buildWith(t, config)
  const state = app.searchIndex()!
  t.equal(state.mappingVersion, 1, 'the index says which mapping it was created with')
  t.ok(MAPPING_VERSION > 1)
  t.same([...state.addedFields].sort(), [...NEW_IN_2, ...NEW_IN_3].sort(), 'exactly the fields version 1 lacked')
  const ingester = bearer(app, { tenant: 'acme', roles: ['ingester', 'reader'] })
  const analysis = { setting: 'Dense jungle', negative_prompt: 'cartoon', technical_aspects: { lens_type: '4.5mm' }, lighting: { sources: [{ type: 'Sunlight', color: 'Golden' }] } }
  const put = await app.inject({ method: 'PUT', url: '/v1/analyses/a?refresh=wait_for', headers: ingester, payload: { image_analysis: analysis } })
  t.equal(put.statusCode, 201, 'a write of the new shape is accepted (dynamic: strict)')
  const total = async (query: string) => (await app.inject({ method: 'GET', url: `/v1/search?${query}`, headers: ingester })).json().total
  t.equal(await total('negative=cartoon'), 1)
  t.equal(await total('light_color=golden'), 1)
  t.equal(await total('focal_mm=4'), 1, 'an integer_range truncates 4.5 until the migration')
  t.equal(await total('q=jung'), 1, 'a document written after the start is found as you type (its words are indexed with their prefixes)')

  const highlight = async () => (await app.inject({ method: 'GET', url: '/v1/search?q=jungle&fields=highlight', headers: ingester })).json().hits[0].highlight
  const before = await highlight()
  t.match(before.analysis_text[0], /<em>jungle<\/em>/, 'highlights without offsets in the postings: the highlighter analyses the text again')

  const again = await buildWith(t, config)
  t.same(again.searchIndex()!.addedFields, [], 'nothing left to add the second time')

  await migrate(app.es, app.indices, { shards: 1 })
  const index = (await currentIndex(app.es, app.indices))!
  t.equal(index.mappingVersion, MAPPING_VERSION, 'the migration builds an index of the current mapping')
  const mapping = (await app.es.indices.getMapping({ index: index.index }))[index.index]!.mappings.properties!
  t.same(HIGHLIGHTED.map(field => (mapping[field] as { index_options?: string }).index_options), ['offsets', 'offsets'], 'with offsets in the postings')
  t.equal((mapping.facets as { properties: Record<string, { eager_global_ordinals?: boolean }> }).properties.setting!.eager_global_ordinals, true)
  t.same(await highlight(), before, 'the same highlight, read from the postings')
})
