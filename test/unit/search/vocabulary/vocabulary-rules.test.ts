import { test } from 'tap'
import { normalizeAnalysis } from '../../../../src/search/facets/normalize.ts'
import { canonicalQuery } from '../../../../src/search/query/canonical-query.ts'
import { applyMerges } from '../../../../src/search/vocabulary/apply-merges.ts'
import { applyVocabulary, withMergedTargets } from '../../../../src/search/vocabulary/query-vocabulary.ts'
import { rolloutFacetFilter } from '../../../../src/search/vocabulary/rollout-filter.ts'
import { suggestionsAmong } from '../../../../src/search/vocabulary/suggest-merges.ts'
import { emptyVocabulary, type StoredVocabulary } from '../../../../src/search/vocabulary/vocabulary-types.ts'
import { textClauses } from '../../../../src/search/query/text-query.ts'

const merge = { environment: { exterior: 'outdoor', outside: 'outdoor' }, camera_angle: { 'over the shoulder': 'eye-level' } }

test('applyMerges: sources replaced after normalization, a closed facet\'s merged text leaves unmapped', async t => {
  const n = normalizeAnalysis({ environment: { type: 'Exterior / outdoor / dusk' }, technical_aspects: { camera_angle: 'Over the shoulder' } })
  t.same(n.unmapped.camera_angle, ['over the shoulder'], 'unmapped before')
  applyMerges(n.facets, n.unmapped, merge)
  t.same(n.facets.environment, ['outdoor', 'dusk'], 'exterior → outdoor, once')
  t.same(n.facets.camera_angle, ['eye-level'])
  t.same(n.unmapped.camera_angle, [])
})

const vocabulary = (extra: Partial<StoredVocabulary> = {}): StoredVocabulary => ({ ...emptyVocabulary('t'), merge, version: 2, merges_version: 2, rederived_version: 2, synonyms: [['woods', 'forest']], ...extra })

test('applyVocabulary: filters merged; while rolling out, documents not re-derived match the older values', async t => {
  const query = canonicalQuery({ filters: { environment: ['Exterior'] }, q: 'woods' })
  const done = applyVocabulary(query, vocabulary())
  t.same(done.filters, { environment: ['outdoor'] })
  t.equal(done.rollout, undefined, 'exact once re-derived')
  t.same(done.text.synonyms, { woods: ['forest'] })
  t.match(JSON.stringify(textClauses(done.text).must), /"query":"forest"/, 'the group ORs into the text query')

  // Version 2's merges are rolling out over documents of version 1 (nothing merged) and of version 0 (no vocabulary).
  const rolling = applyVocabulary(query, vocabulary({ rederived_version: 0, in_flight: [{}, { environment: { outside: 'exterior' } }] }))
  t.same(rolling.rollout, { before: 2, old: { environment: ['exterior', 'outdoor', 'outside'] } })
  t.same(rolloutFacetFilter('facets.environment', 'environment', ['outdoor'], rolling.rollout), {
    bool: {
      should: [
        { terms: { 'facets.environment': ['outdoor'] } },
        { bool: { filter: [{ terms: { 'facets.environment': ['exterior', 'outdoor', 'outside'] } }, { bool: { must_not: [{ range: { vocabulary_version: { gte: 2 } } }] } }] } }
      ],
      minimum_should_match: 1
    }
  })
  t.same(rolloutFacetFilter('facets.mood', 'mood', ['calm'], rolling.rollout), { terms: { 'facets.mood': ['calm'] } }, 'facets without merges: plain')
})

test('withMergedTargets: typeahead finds a merged value by a source, by prefix or a word inside', async t => {
  const search = { facets: ['environment', 'camera_angle'] as const, size: 10 }
  t.same(withMergedTargets({ ...search, facets: [...search.facets], text: 'ext' }, merge).merged, { environment: ['outdoor'] })
  t.same(withMergedTargets({ ...search, facets: [...search.facets], text: 'should' }, merge).merged, { camera_angle: ['eye-level'] })
  t.equal(withMergedTargets({ ...search, facets: [...search.facets], text: 'zzz' }, merge).merged, undefined)
})

test('suggestionsAmong: variants, plurals, stems and small edits, rarer value first merged into the frequent one', async t => {
  const values = [
    { value: 'calm', count: 50 }, { value: 'calms', count: 3 }, { value: 'eye level', count: 9 }, { value: 'eye-level', count: 2 },
    { value: 'melancholic', count: 12 }, { value: 'melancolic', count: 4 }, { value: 'peaceful', count: 7 }, { value: 'peacefully', count: 1 }, { value: 'warm', count: 5 }, { value: 'worm', count: 1 }, { value: 'exterior', count: 9 }, { value: 'interior', count: 8 }
  ]
  const stems = new Map([['peaceful', 'peaceful'], ['peacefully', 'peaceful']])
  const found = suggestionsAmong('mood', values, stems, {})
  t.same(found.map(s => `${s.source}→${s.target}:${s.source_count}:${s.reason}`), [
    'melancolic→melancholic:4:edit', 'calms→calm:3:plural', 'eye-level→eye level:2:variant', 'peacefully→peaceful:1:stem'
  ], 'most documents affected first; no edit under 5 characters (warm/worm), two edits only from 10 (interior/exterior)')
  t.same(suggestionsAmong('mood', values, stems, { calms: 'calm', melancholic: 'melancolic' }).map(s => s.source), ['eye-level', 'peacefully'], 'merged sources left out, a target (melancolic) is no source')
  const closed = suggestionsAmong('camera_angle', [{ value: 'eye level', count: 9 }, { value: 'eye-level', count: 2 }], new Map(), {})
  t.same(closed.map(s => `${s.source}→${s.target}`), ['eye level→eye-level'], 'a closed facet merges into its own value')
})
