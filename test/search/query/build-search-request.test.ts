import { test } from 'tap'
import { buildAnchorRequest, buildSearchRequest } from '../../../src/search/query/build-search-request.ts'
import { canonicalQuery } from '../../../src/search/query/canonical-query.ts'

const index = 'prefix-analyses'
const telephoto = { terms: { 'facets.lens': ['telephoto'] } }
const calm = { terms: { 'facets.mood': ['calm'] } }
const beachJungle = { terms: { 'facets.setting': ['beach', 'jungle'] } }
const order = [{ _count: 'desc' }, { _key: 'asc' }]

test('the request of the brute-force check (two settings, one lens, one mood), in full', async t => {
  const query = canonicalQuery({ filters: { setting: ['Jungle', 'beach'], lens: ['telephoto'], mood: ['calm'] }, facets: ['setting,lens,mood,focal_mm'], facet_size: 5 })
  const focal = (range: Record<string, number>) => ({ range: { focal_mm: { ...range, relation: 'intersects' } } })
  const facet = (field: string, others: object[], selected: string[]) => ({
    filter: { bool: { filter: others } },
    aggs: {
      top: { terms: { field, size: 5, shard_size: 5, order } },
      selected: { terms: { field, size: selected.length, shard_size: selected.length, order, include: selected } }
    }
  })
  t.same(buildSearchRequest(query, { index, tenant: 'demo' }), {
    index,
    routing: 'demo',
    size: 21,
    track_total_hits: true,
    _source: ['id', 'caption', 'facets', 'focal_mm'],
    query: { bool: { filter: [{ term: { tenant: 'demo' } }] } },
    post_filter: { bool: { filter: [telephoto, calm, beachJungle] } },
    sort: [{ indexed_at: 'desc' }, { id: 'asc' }],
    highlight: { encoder: 'html', fields: { caption: { number_of_fragments: 0 }, analysis_text: { number_of_fragments: 3, fragment_size: 150 } } },
    aggs: {
      focal_mm: {
        filter: { bool: { filter: [telephoto, calm, beachJungle] } },
        aggs: {
          buckets: {
            filters: {
              filters: {
                '<24': focal({ lte: 23 }),
                '24–35': focal({ gte: 24, lte: 35 }),
                '36–70': focal({ gte: 36, lte: 70 }),
                '71–135': focal({ gte: 71, lte: 135 }),
                '136–300': focal({ gte: 136, lte: 300 }),
                '>300': focal({ gte: 301 })
              }
            }
          }
        }
      },
      // Each facet's filter holds the OTHER facets' selections only.
      lens: facet('facets.lens', [calm, beachJungle], ['telephoto']),
      mood: facet('facets.mood', [telephoto, beachJungle], ['calm']),
      setting: facet('facets.setting', [telephoto, calm], ['beach', 'jungle'])
      // Nothing for did_you_mean: a selected value counted 0 by `selected` is checked by a second request (docs/search.md).
    }
  })
})

test('light sources: both keys of one source are one pair token; their facets are counted on the matching sources', async t => {
  const query = canonicalQuery({ source: ['type:Sunlight,color:Warm White / Golden', 'color:pink,type:neon sign'], facets: ['light_source,light_color,mood'], facet_size: 3 })
  t.same(query.sources, [{ color: ['golden', 'warm white'], type: ['sunlight'] }, { color: ['pink'], type: ['neon sign'] }], 'read like a document, in canonical order')
  const body = buildSearchRequest(query, { index, tenant: 'acme' })
  const sunlight = { terms: { light_pairs: ['["sunlight","golden"]', '["sunlight","warm white"]'] } }
  const neon = { terms: { light_pairs: ['["neon sign","pink"]'] } }
  t.same(body.post_filter, { bool: { filter: [sunlight, neon] } }, 'plain terms queries: no nested query (refused without allow_expensive_queries)')
  const aggs = body.aggs as Record<string, unknown>
  const counted = (key: string, size: number, include?: string[]) => ({
    terms: { field: `light_sources.${key}`, size, shard_size: size, order: [{ docs: 'desc' }, { _key: 'asc' }], ...(include !== undefined ? { include } : {}) },
    aggs: { docs: { reverse_nested: {} } }
  })
  const on = (key: string, values: string[]) => ({ bool: { filter: [{ terms: { [`light_sources.${key}`]: values } }] } })
  const nested = (same: unknown, key: string, selected: string[]) => ({
    sources: { nested: { path: 'light_sources' }, aggs: { same: { filter: same, aggs: { top: counted(key, 3), selected: counted(key, selected.length, selected) } } } }
  })
  t.same(aggs.light_source, {
    // The type key is light_source's own: left out at the document, each source's colours kept on the counted source.
    filter: { bool: { filter: [{ terms: { 'facets.light_color': ['golden', 'warm white'] } }, { terms: { 'facets.light_color': ['pink'] } }] } },
    aggs: nested({ bool: { should: [on('color', ['golden', 'warm white']), on('color', ['pink'])], minimum_should_match: 1 } }, 'type', ['neon sign', 'sunlight'])
  })
  t.same(aggs.light_color, {
    filter: { bool: { filter: [{ terms: { 'facets.light_source': ['sunlight'] } }, { terms: { 'facets.light_source': ['neon sign'] } }] } },
    aggs: nested({ bool: { should: [on('type', ['sunlight']), on('type', ['neon sign'])], minimum_should_match: 1 } }, 'color', ['golden', 'pink', 'warm white'])
  })
  t.same((aggs.mood as { filter: unknown }).filter, { bool: { filter: [sunlight, neon] } })

  const one = buildSearchRequest(canonicalQuery({ source: ['type:sunlight'], facets: ['light_source,light_color'] }), { index, tenant: 'acme' }).aggs as Record<string, { aggs: Record<string, unknown> }>
  t.match(one.light_color!.aggs.sources, { aggs: { same: { filter: on('type', ['sunlight']) } } }, 'the colours of sunlight sources')
  t.same(Object.keys(one.light_source!.aggs), ['top', 'selected'], 'a type alone relaxes to nothing: light_source counts as without a source')
})

test('hits: fields choose the _source and the highlight; size 0 asks for counts only; focal sorts', async t => {
  const lean = buildSearchRequest(canonicalQuery({ fields: ['image_analysis.lighting,caption', 'image_analysis.subject'] }), { index, tenant: 'acme' })
  t.same(lean._source, ['id', 'caption', 'image_analysis.lighting', 'image_analysis.subject'])
  t.notOk('highlight' in lean, 'no highlight asked, none computed')
  const whole = canonicalQuery({ fields: ['image_analysis,image_analysis.lighting'] })
  t.same(whole.fields, ['image_analysis'], 'the whole analysis holds its sections')
  t.same(buildSearchRequest(canonicalQuery({ fields: [''] }), { index, tenant: 'acme' })._source, ['id'])
  const counts = buildSearchRequest(canonicalQuery({ size: 0, q: 'jungle' }), { index, tenant: 'acme' })
  t.equal(counts.size, 0, 'no hit fetched, not even the look-ahead one')
  t.notOk('highlight' in counts)
  t.same(buildSearchRequest(canonicalQuery({ sort: 'focal_mm' }), { index, tenant: 'acme' }).sort,
    [{ focal_mm_lower: { order: 'asc', missing: 100_001 } }, { indexed_at: 'desc' }, { id: 'asc' }], 'without a focal range: last')
  t.same(buildSearchRequest(canonicalQuery({ sort: '-focal_mm' }), { index, tenant: 'acme' }).sort,
    [{ focal_mm_lower: { order: 'desc', missing: -1 } }, { indexed_at: 'desc' }, { id: 'asc' }])
})

test('text: cross-field words, phrases, exclusions; suggesters only when asked', async t => {
  const query = canonicalQuery({ q: 'jungle river "tropical forest" -rain -"heavy fog"', facets: [''] })
  const body = buildSearchRequest(query, { index, tenant: 'acme', suggest: true })
  const fields = ['caption^2', 'analysis_text']
  t.same(body.query, {
    bool: {
      filter: [{ term: { tenant: 'acme' } }],
      must: [
        { multi_match: { query: 'jungle river', fields, type: 'cross_fields', operator: 'and' } },
        { multi_match: { query: 'tropical forest', fields, type: 'phrase' } }
      ],
      must_not: [
        { multi_match: { query: 'rain', fields, type: 'cross_fields', operator: 'and' } },
        { multi_match: { query: 'heavy fog', fields, type: 'phrase' } }
      ]
    }
  })
  t.same(body.sort, [{ _score: { order: 'desc' } }, { indexed_at: 'desc' }, { id: 'asc' }])
  t.same(body.aggs, { text_matches: { filter: { match_all: {} } } }, 'no facets asked: only the typo trigger')
  t.match(body.suggest, { text: 'jungle river', typo_analysis_text: { term: { field: 'analysis_text', suggest_mode: 'missing' } }, typo_caption: { term: { field: 'caption' } } })
  t.notOk('post_filter' in body)
  t.notOk('suggest' in buildSearchRequest(query, { index, tenant: 'acme' }))
})

test('typo expansions widen exactly the corrected words, corrections weigh less', async t => {
  const query = canonicalQuery({ q: 'jungel woman ' })
  const body = buildSearchRequest(query, { index, tenant: 'acme', expansions: { jungel: ['jungle'] } })
  const fields = ['caption^2', 'analysis_text']
  const words = (text: string, boost?: number) => ({ multi_match: { query: text, fields, type: 'cross_fields', operator: 'and', ...(boost !== undefined ? { boost } : {}) } })
  t.same((body.query as { bool: { must: unknown[] } }).bool.must, [
    words('woman'),
    { bool: { should: [words('jungel'), words('jungle', 0.5)], minimum_should_match: 1 } }
  ])
  t.notOk('suggest' in body, 'the widened request asks no suggester')
  t.ok(body.aggs?.text_matches)
})

test('as you type: the last word also matches as the start of a word, from the indexed prefixes', async t => {
  const fields = ['caption^2', 'analysis_text']
  const words = (text: string) => ({ multi_match: { query: text, fields, type: 'cross_fields', operator: 'and' } })
  const prefix = (field: string, query: string, boost: number) => ({ constant_score: { filter: { match_bool_prefix: { [`${field}.words`]: { query, operator: 'and' } } }, boost } })
  const query = canonicalQuery({ q: 'red tel', facets: [''] })
  t.same(query.text.terms, ['red'])
  t.equal(query.text.prefix, 'tel')
  const body = buildSearchRequest(query, { index, tenant: 'acme', suggest: true })
  t.same((body.query as { bool: { must: unknown[] } }).bool.must, [
    words('red'),
    { bool: { should: [words('tel'), prefix('caption', 'tel', 0.4), prefix('analysis_text', 'tel', 0.2)], minimum_should_match: 1 } }
  ], 'exact (BM25) or as a prefix (constant, caption double)')
  t.equal((body.suggest as { text: string }).text, 'red tel', 'the last word is corrected too')
  t.same(body.aggs, { text_matches: { filter: { match_all: {} } } }, 'the first try asks nothing more of the last word (the probe runs only when nothing matched)')
  t.notOk(canonicalQuery({ q: 'red tel ' }).text.prefix, 'a trailing space ends the word')
  t.notOk(canonicalQuery({ q: 'red -tel' }).text.prefix, 'an exclusion is no prefix')
  t.notOk(canonicalQuery({ q: 'red "tel' }).text.prefix, 'a phrase is no prefix')

  const widened = buildSearchRequest(canonicalQuery({ q: 'woman jumg' }), { index, tenant: 'acme', expansions: { jumg: ['jump'] } })
  const last = (widened.query as { bool: { must: Array<{ bool: { should: unknown[] } }> } }).bool.must[1]!.bool.should
  t.equal(last.length, 6, 'word, 2 prefixes, a correction, 2 prefixes one typo away')
  t.match(last[3], { multi_match: { query: 'jump', boost: 0.5 } })
  t.match(last[4], { constant_score: { boost: 0.2, filter: { bool: { should: Array } } } })
  const variants = (last[4] as { constant_score: { filter: { bool: { should: Array<{ match_bool_prefix: Record<string, { query: string }> }> } } } }).constant_score.filter.bool.should
    .map(clause => clause.match_bool_prefix['caption.words']!.query)
  t.ok(variants.includes('jung') && variants.includes('jum'), 'one substitution (jung), the last letter dropped (jum)')
  t.notOk(variants.includes('jumg'))
})

test('facet filters: OR within a facet, AND across facets, post_filter only, own facet left out', async t => {
  const query = canonicalQuery({ filters: { setting: ['a', 'b'], mood: ['m'] }, focal_mm: 50, focal_min: 10, focal_max: 20, facets: ['setting', 'mood', 'lens', 'focal_mm'] })
  const body = buildSearchRequest(query, { index, tenant: 'acme' })
  const setting = { terms: { 'facets.setting': ['a', 'b'] } }
  const mood = { terms: { 'facets.mood': ['m'] } }
  const contains = { range: { focal_mm: { gte: 50, lte: 50, relation: 'contains' } } }
  const intersects = { range: { focal_mm: { gte: 10, lte: 20, relation: 'intersects' } } }
  t.same(body.query, { bool: { filter: [{ term: { tenant: 'acme' } }] } }, 'selections never narrow the aggregations\' base')
  t.same(body.post_filter, { bool: { filter: [mood, setting, contains, intersects] } })
  const aggs = body.aggs as Record<string, { filter: unknown, aggs: Record<string, unknown> }>
  t.same(aggs.setting!.filter, { bool: { filter: [mood, contains, intersects] } })
  t.same(aggs.mood!.filter, { bool: { filter: [setting, contains, intersects] } })
  t.same(aggs.lens!.filter, { bool: { filter: [mood, setting, contains, intersects] } }, 'an unselected facet applies every selection')
  t.notOk('selected' in aggs.lens!.aggs, 'nothing selected, no include aggregation')
  t.same(aggs.setting!.aggs.selected, { terms: { field: 'facets.setting', size: 2, shard_size: 2, order, include: ['a', 'b'] } })
  t.same(aggs.focal_mm!.filter, { bool: { filter: [mood, setting] } }, 'focal buckets ignore the focal filters')
  t.same(buildSearchRequest(canonicalQuery({ focal_max: 30 }), { index, tenant: 'x' }).post_filter, { bool: { filter: [{ range: { focal_mm: { lte: 30, relation: 'intersects' } } }] } })
})

test('cursor pages: search_after, snapshot filter, no aggregations; a point in time names no index', async t => {
  const query = canonicalQuery({ q: 'jungle', size: 3 })
  const plain = buildSearchRequest(query, { index, tenant: 'acme', suggest: true, continuation: { after: [1.5, 1000, 'a01'], snapshot: 2000 } })
  t.equal(plain.index, index)
  t.equal(plain.routing, 'acme')
  t.same(plain.search_after, [1.5, 1000, 'a01'])
  t.same((plain.query as { bool: { filter: unknown[] } }).bool.filter, [{ term: { tenant: 'acme' } }, { range: { indexed_at: { lte: 2000, format: 'epoch_millis' } } }])
  t.notOk('aggs' in plain)
  t.notOk('suggest' in plain)
  t.equal(plain.size, 4, 'one more than size, to know whether a next page exists')

  const pit = buildSearchRequest(query, { index, tenant: 'acme', continuation: { after: [1.5, 1000, 'a01'], snapshot: 2000, pitId: 'PIT' } })
  t.same(pit.pit, { id: 'PIT', keep_alive: '2m' })
  t.notOk('index' in pit)
  t.notOk('routing' in pit, 'Elasticsearch refuses routing with a point in time (the point in time was opened routed)')

  const anchor = buildAnchorRequest(query, 'acme', { after: [1.5, 1000, 'a01'], snapshot: 2000, pitId: 'PIT' })
  t.match(anchor, { pit: { id: 'PIT' }, size: 1, query: { bool: { filter: [{ term: { tenant: 'acme' } }, { term: { id: 'a01' } }, { range: { indexed_at: { lte: 2000 } } }] } } })
})
