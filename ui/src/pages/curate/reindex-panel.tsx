import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../../api/client.ts'
import { fetchReindex, fetchSearch, startReindex } from '../../api/endpoints.ts'
import type { ReindexJob } from '../../api/types.ts'
import { ErrorNotice } from '../../components/error-notice.tsx'

const POLL_MS = 1000

/** Re-derives every facet of the tenant with the current normalizer (a background job) and follows it. */
export function ReindexPanel () {
  const [job, setJob] = useState<ReindexJob | null>(null)
  const [total, setTotal] = useState<number | null>(null)
  const [error, setError] = useState<unknown>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  const follow = () => {
    fetchReindex().then(next => {
      setJob(next)
      if (next.state === 'running') timer.current = setTimeout(follow, POLL_MS)
    }, (failure: unknown) => {
      // 404: no reindex started on this instance yet, which is no error.
      if (!(failure instanceof ApiError && failure.status === 404)) setError(failure)
    })
  }
  // The number of analyses is the bar's end (a search without facets is the cheapest count).
  const count = () => { fetchSearch(new URLSearchParams({ size: '1', facets: '' })).then(page => { setTotal(page.total) }, () => {}) }
  useEffect(() => {
    follow()
    count()
    return () => { clearTimeout(timer.current) }
  }, [])

  const start = () => {
    setError(null)
    count()
    startReindex().then(started => {
      setJob(started)
      timer.current = setTimeout(follow, POLL_MS)
    }, setError)
  }
  const done = job === null ? 0 : job.rewritten + job.skipped
  return (
    <section class='section' aria-labelledby='reindex-title'>
      <h2 id='reindex-title'>Reindex</h2>
      <p>Derives every facet of this tenant's analyses again with the current normalizer, in the background. Searches keep working meanwhile.</p>
      <button type='button' onClick={start} disabled={job?.state === 'running'}>{job?.state === 'running' ? 'Reindexing…' : 'Start a reindex'}</button>
      {error !== null && <ErrorNotice action='The reindex did not start' error={error} />}
      {job === null
        ? <p class='muted small'>No reindex was started on this instance.</p>
        : (
          <div class='progress' data-testid='reindex'>
            <label for='reindex-progress'>Reindex {job.state}</label>
            <progress id='reindex-progress' max={Math.max(total ?? done, done, 1)} value={job.state === 'done' ? Math.max(total ?? done, done, 1) : done} />
            <span class='small' aria-live='polite'>
              {job.rewritten} rewritten, {job.skipped} skipped{total !== null ? ` of ${total}` : ''} · started {new Date(job.started_at).toLocaleTimeString('en')}
              {job.finished_at !== undefined && <> · finished {new Date(job.finished_at).toLocaleTimeString('en')}</>}
            </span>
          </div>
          )}
    </section>
  )
}
