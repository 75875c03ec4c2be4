import { useEffect, useState } from 'preact/hooks'
import { fetchSimilar } from '../../api/endpoints.ts'
import type { SimilarPage } from '../../api/types.ts'
import { ErrorNotice } from '../../components/error-notice.tsx'
import { analysisHash } from '../../lib/route.ts'

/** How many the card lists: a glance at the neighbourhood, not a second result page. */
const SIZE = 6

type Loaded = { state: 'loading' } | { state: 'error', error: unknown } | { state: 'ready', page: SimilarPage }

/**
 * The tenant's analyses most like this one (GET /v1/analyses/{id}/similar), each a link to its own card with the
 * facet values it shares with this one. Its own request: the card shows before its neighbours are found.
 */
export function SimilarAnalyses ({ id, facets }: { id: string, facets: SimilarPage['hits'][number]['facets'] }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    setLoaded({ state: 'loading' })
    fetchSimilar(id, SIZE, controller.signal).then(page => { setLoaded({ state: 'ready', page }) },
      (error: unknown) => { if (!controller.signal.aborted) setLoaded({ state: 'error', error }) })
    return () => { controller.abort() }
  }, [id])
  const own = new Set(Object.values(facets).flatMap(values => Array.isArray(values) ? values : []))
  return (
    <section class='section similar' aria-labelledby='similar-title' aria-busy={loaded.state === 'loading'}>
      <h2 id='similar-title'>Similar analyses</h2>
      {loaded.state === 'loading' && <p role='status'>Looking for similar analyses…</p>}
      {loaded.state === 'error' && <ErrorNotice action='Similar analyses could not be found' error={loaded.error} />}
      {loaded.state === 'ready' && (loaded.page.hits.length === 0
        ? <p class='muted' data-testid='no-similar'>No other analysis of this tenant is alike.</p>
        : (
          <ol class='similar-list' data-testid='similar'>
            {loaded.page.hits.map(hit => {
              const shared = [...new Set(Object.values(hit.facets).flatMap(values => Array.isArray(values) ? values : []))].filter(value => own.has(value))
              return (
                <li key={hit.id} data-id={hit.id}>
                  <a href={analysisHash(hit.id)}>{hit.caption ?? hit.id}</a>
                  {shared.length > 0 && <span class='muted small'> · shares {shared.slice(0, 4).join(', ')}</span>}
                </li>
              )
            })}
          </ol>
          ))}
    </section>
  )
}
