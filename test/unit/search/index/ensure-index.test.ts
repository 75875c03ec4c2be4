import { test } from 'tap'
import { ensureIndex } from '../../../../src/search/index/ensure-index.ts'
import { indexNames } from '../../../../src/search/index/index-names.ts'
import { MAPPING_VERSION } from '../../../../src/search/index/mappings.ts'
import { chooseTextAnalysis } from '../../../../src/search/index/text-analysis.ts'
import { mockedEs, refusal } from '../../helpers/es-mock.ts'

// Races and cluster capabilities a single local node cannot be made to show on demand. The index itself is tested
// on the real Elasticsearch (every integration test creates one).
const names = indexNames('catalog')

test('losing the creation race to another instance is success: the winner\'s index is used', async t => {
  const { es, mock } = mockedEs()
  let aliasReads = 0
  mock.add({ method: 'GET', path: '/_alias/:name' }, () => ++aliasReads === 1
    ? refusal(404, { type: 'aliases_not_found_exception' })
    : { 'catalog-analyses-v1': { aliases: { 'catalog-analyses': {} } } })
  mock.add({ method: 'GET', path: '/:index/_mapping' }, () => ({ 'catalog-analyses-v1': { mappings: { _meta: { text_analysis: 'english', mapping_version: MAPPING_VERSION } } } }))
  mock.add({ method: ['GET', 'POST'], path: '/_analyze' }, () => ({ tokens: [{ token: 'lens' }] }))
  mock.add({ method: 'PUT', path: '/:index' }, () => refusal(400, { type: 'resource_already_exists_exception', reason: 'index [catalog-analyses-v1] already exists' }))
  t.same(await ensureIndex(es, names, { shards: 1 }), { index: 'catalog-analyses-v1', created: false, textAnalysis: 'english', mappingVersion: MAPPING_VERSION, addedFields: [] })
  t.equal(aliasReads, 2, 'read again after the lost race')
})

test('any other refusal of the creation is not swallowed', async t => {
  const { es, mock } = mockedEs()
  mock.add({ method: 'GET', path: '/_alias/:name' }, () => refusal(404, { type: 'aliases_not_found_exception' }))
  mock.add({ method: ['GET', 'POST'], path: '/_analyze' }, () => ({ tokens: [{ token: 'lens' }] }))
  mock.add({ method: 'PUT', path: '/:index' }, () => refusal(400, { type: 'illegal_argument_exception', reason: 'unknown setting' }))
  await t.rejects(ensureIndex(es, names, { shards: 1 }), { name: 'ResponseError' })
})

test('a cluster with neither the english analyzer nor hunspell analyses with standard', async t => {
  const { es, mock } = mockedEs()
  mock.add({ method: ['GET', 'POST'], path: '/_analyze' }, () => refusal(400, { type: 'illegal_argument_exception', reason: 'failed to find analyzer' }))
  t.match(await chooseTextAnalysis(es), { kind: 'standard', settings: { analyzer: { en_text: { type: 'standard' } } } })
})
