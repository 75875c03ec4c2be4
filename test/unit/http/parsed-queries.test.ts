import { test } from 'tap'
import type { FastifyRequest } from 'fastify'
import { ParsedQueries } from '../../../src/http/parsed-queries.ts'

const request = (url: string, validationError?: Error) => ({ url, validationError }) as unknown as FastifyRequest

test('a URL the schema accepted is parsed once; the answer is shared, frozen', async t => {
  const known = new ParsedQueries<{ filters: { lens: string[] } }>()
  let parses = 0
  const parse = () => { parses++; return { filters: { lens: ['telephoto'] } } }
  const first = known.of(request('/v1/search?lens=telephoto'), parse)
  const again = known.of(request('/v1/search?lens=telephoto'), parse)
  t.equal(parses, 1)
  t.equal(again, first)
  t.ok(Object.isFrozen(first.filters.lens), 'frozen to the leaves: no request may change what the next one reads')
  known.of(request('/v1/search?lens=Telephoto'), parse)
  t.equal(parses, 2, 'another spelling is another URL')
})

test('refused, failing and over-long URLs are read afresh every time', async t => {
  const known = new ParsedQueries<object>()
  let parses = 0
  const parse = () => { parses++; return {} }
  known.of(request('/v1/search?size=x', new Error('size must be an integer')), parse)
  known.of(request('/v1/search?size=x', new Error('size must be an integer')), parse)
  t.equal(parses, 2, 'a schema failure is not remembered')
  const long = `/v1/search?q=${'a'.repeat(2048)}`
  known.of(request(long), parse)
  known.of(request(long), parse)
  t.equal(parses, 4, 'long URLs are not remembered')
  const failing = () => { parses++; throw new Error('unknown facet') }
  t.throws(() => known.of(request('/v1/search?facets=nope'), failing))
  t.throws(() => known.of(request('/v1/search?facets=nope'), failing))
  t.equal(parses, 6, 'a parse that throws is not remembered')
})

test('the count is bounded, oldest first out', async t => {
  const known = new ParsedQueries<object>(2)
  let parses = 0
  const parse = () => { parses++; return {} }
  for (const url of ['/a', '/b', '/c', '/b', '/a']) known.of(request(url), parse)
  t.equal(parses, 4, '/b was still known, /a had gone')
})
