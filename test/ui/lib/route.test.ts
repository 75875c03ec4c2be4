import { test } from 'tap'
import { analysisHash, parseRoute, searchHash } from '../../../ui/src/lib/route.ts'

test('places of the page live in the fragment', async t => {
  for (const hash of ['', '#', '#/', '#/search']) t.match(parseRoute(hash), { page: 'search' }, `${JSON.stringify(hash)} is the explorer`)
  const search = parseRoute('#/search?q=a%20b&lens=wide')
  t.equal(search.page === 'search' && search.params.toString(), 'q=a+b&lens=wide')
  t.same(parseRoute('#/analyses/a%2Fb%20c'), { page: 'analysis', id: 'a/b c' })
  t.same(parseRoute('#/analyses/%E0%A4%A'), { page: 'analysis', id: '%E0%A4%A' }, 'a malformed escape is kept as it is')
  t.same(parseRoute('#/dashboard'), { page: 'dashboard' })
  t.same(parseRoute('#/curate'), { page: 'curate' })
  t.same(parseRoute('#/elsewhere'), { page: 'missing', path: '/elsewhere' })
  t.match(parseRoute('#token=abc'), { page: 'search' }, 'a sign-in link shows the explorer while its token is taken')
  t.equal(parseRoute('#token=abc').page === 'search' && (parseRoute('#token=abc') as { params: URLSearchParams }).params.toString(), '', 'and carries no search state')
})

test('links to places', async t => {
  t.equal(searchHash(new URLSearchParams()), '#/search')
  t.equal(searchHash(new URLSearchParams([['mood', 'calm']])), '#/search?mood=calm')
  t.equal(analysisHash('a/b c'), '#/analyses/a%2Fb%20c')
  t.same(parseRoute(analysisHash('x:y.z')), { page: 'analysis', id: 'x:y.z' })
})
