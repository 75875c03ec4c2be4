import { useEffect, useState } from 'preact/hooks'
import { fetchAnalysis } from '../../api/endpoints.ts'
import type { Analysis, Me } from '../../api/types.ts'
import { ErrorNotice } from '../../components/error-notice.tsx'
import { can } from '../../lib/roles.ts'
import { navigate, searchToReturnTo } from '../../router.ts'
import { AnalysisSections } from './analysis-sections.tsx'
import { DeleteAnalysis } from './delete-analysis.tsx'
import { DerivedFacets } from './derived-facets.tsx'
import { SimilarAnalyses } from './similar-analyses.tsx'

type Loaded = { state: 'loading' } | { state: 'error', error: unknown } | { state: 'ready', analysis: Analysis, etag: string }

/**
 * One analysis as a readable card, its raw JSON on demand, the facets derived from it and its warnings, and the
 * tenant's analyses most like it (their own request).
 */
export function AnalysisPage ({ id, me }: { id: string, me: Me }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [raw, setRaw] = useState(false)
  useEffect(() => {
    const controller = new AbortController()
    setLoaded({ state: 'loading' })
    fetchAnalysis(id, controller.signal).then(({ analysis, etag }) => { setLoaded({ state: 'ready', analysis, etag }) },
      (error: unknown) => { if (!controller.signal.aborted) setLoaded({ state: 'error', error }) })
    return () => { controller.abort() }
  }, [id])

  const back = <p><a href={searchToReturnTo()}>← Back to the results</a></p>
  const ready = loaded.state === 'ready' ? loaded : null
  const analysis = ready?.analysis
  // One heading element whatever the state, so the focus put on it when the page opened stays there.
  return (
    <article class='page detail' aria-busy={loaded.state === 'loading'}>
      {back}
      <header class='detail-header'>
        <h1 tabIndex={-1}>{analysis === undefined ? `Analysis ${id}` : (analysis.caption ?? analysis.id)}</h1>
        {loaded.state === 'loading' && <p role='status'>Loading…</p>}
        {loaded.state === 'error' && <ErrorNotice action='The analysis could not be read' error={loaded.error} />}
        {analysis !== undefined && (
          <>
            <p class='muted small'>
              <code>{analysis.id}</code> · indexed {new Date(analysis.indexed_at).toLocaleString('en')} · normalizer v{analysis.normalizer_version}
              {analysis.source !== undefined && <> · source {analysis.source}</>}
              {analysis.tags !== undefined && analysis.tags.length > 0 && <> · tags {analysis.tags.join(', ')}</>}
            </p>
            <div class='actions'>
              <button type='button' class='secondary' aria-expanded={raw} aria-controls='raw-json' onClick={() => { setRaw(!raw) }}>
                {raw ? 'Hide raw JSON' : 'Show raw JSON'}
              </button>
              {can(me, 'ingester') && <DeleteAnalysis id={analysis.id} etag={ready!.etag} onDeleted={() => { navigate('#/search?deleted=' + encodeURIComponent(analysis.id), { replace: true }) }} />}
            </div>
          </>
        )}
      </header>
      {analysis !== undefined && (
        <>
          <div id='raw-json' hidden={!raw}>
            {raw && <pre class='raw' tabIndex={0} aria-label='The analysis as stored (JSON)'>{JSON.stringify(analysis.image_analysis, null, 2)}</pre>}
          </div>
          <div class='detail-layout'>
            <AnalysisSections analysis={analysis} />
            <DerivedFacets analysis={analysis} />
          </div>
          <SimilarAnalyses id={analysis.id} facets={analysis.facets} />
        </>
      )}
    </article>
  )
}
