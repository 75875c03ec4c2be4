import { test } from 'tap'
import { bearer, build } from '../../helpers/build.ts'
import { ACME, loadSearchCorpus, type SearchBody } from '../../fixtures/search-corpus.ts'

test('hits a page can render: fields, size 0, sort by focal length', async t => {
  const app = await build(t)
  await loadSearchCorpus(app)
  const acme = bearer(app, { tenant: 'acme', roles: ['reader'] })
  const get = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/v1/search?${query}`, headers: acme })
    t.equal(res.statusCode, 200, query)
    return res.json() as SearchBody & { hits: Array<Record<string, unknown>> }
  }

  t.test('default: caption, facets and highlight, as before', async t => {
    const body = await get('q=jungle&size=1')
    t.same(Object.keys(body.hits[0]!).sort(), ['caption', 'facets', 'highlight', 'id', 'score'])
  })

  t.test('fields chooses; image_analysis is the analysis as sent, or the sections asked for', async t => {
    const whole = await get('q=riverbank&fields=image_analysis&size=100')
    const a01 = whole.hits.find(hit => hit.id === 'a01')!
    t.same(Object.keys(a01).sort(), ['id', 'image_analysis', 'score'])
    t.same(a01.image_analysis, ACME[0]!.input.image_analysis, 'as sent')
    const sections = await get('q=riverbank&fields=caption&fields=image_analysis.environment,image_analysis.missing&size=100')
    const hit = sections.hits.find(h => h.id === 'a01')!
    t.same(hit.image_analysis, { environment: ACME[0]!.input.image_analysis.environment }, 'only the sections asked (a missing one is absent)')
    t.equal(hit.caption, ACME[0]!.input.caption)
    t.notOk('facets' in hit || 'highlight' in hit)
    const bare = await get('q=riverbank&fields=')
    t.same(bare.hits.map(h => Object.keys(h).sort()), bare.hits.map(() => ['id', 'score']), 'empty: id and score only')
  })

  t.test('size 0: the total and the counts, no hit, no cursor', async t => {
    const body = await get('setting=jungle&size=0&facets=lens')
    t.equal(body.total, 4)
    t.same(body.hits, [])
    t.equal(body.next_cursor, null)
    t.equal(body.facets?.lens?.[0]?.value, 'telephoto')
  })

  t.test('sort=focal_mm and -focal_mm: by the lower end of the range, no range last, every page exact', async t => {
    const batch = (id: string) => Math.floor((Number(id.slice(1)) - 1) / 5)
    const lower = (doc: typeof ACME[number]) => doc.expected.focal_mm?.min ?? null
    const order = (direction: 1 | -1) => [...ACME].sort((a, b) => {
      const x = lower(a)
      const y = lower(b)
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
      return direction * (x - y) || batch(b.id) - batch(a.id) || (a.id < b.id ? -1 : 1)
    }).map(doc => doc.id)
    for (const [sort, direction] of [['focal_mm', 1], ['-focal_mm', -1]] as const) {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const fields = seen.length === 0 ? 'caption' : 'image_analysis.technical_aspects'
        const body: SearchBody = await get(`sort=${sort}&size=4&fields=${fields}${cursor === null ? '' : `&cursor=${cursor}`}`)
        seen.push(...body.hits.map(hit => hit.id))
        cursor = body.next_cursor
      } while (cursor !== null && seen.length < 100)
      t.same(seen, order(direction), `${sort}: ties by newest, then id; fields may change between pages`)
      t.equal(seen.at(-1), 'a13', `${sort}: the analysis without a focal range comes last`)
    }
  })
})
