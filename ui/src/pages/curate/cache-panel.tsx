import { useEffect, useState } from 'preact/hooks'
import { fetchCacheStats, flushCache } from '../../api/endpoints.ts'
import type { CacheStats } from '../../api/types.ts'
import { ErrorNotice } from '../../components/error-notice.tsx'
import { words } from '../../components/value-tree.tsx'

/** The tenant's cache counters on the instance that answers, and a flush of every cached answer of the tenant. */
export function CachePanel () {
  const [stats, setStats] = useState<CacheStats | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [flushed, setFlushed] = useState<Date | null>(null)
  const [busy, setBusy] = useState(false)
  const load = () => {
    setError(null)
    fetchCacheStats().then(setStats, setError)
  }
  useEffect(load, [])
  const flush = () => {
    setBusy(true)
    flushCache().then(() => { setFlushed(new Date()); load() }, setError).finally(() => { setBusy(false) })
  }
  return (
    <section class='section' aria-labelledby='cache-title'>
      <h2 id='cache-title'>Cache</h2>
      {error !== null && <ErrorNotice action='The cache did not answer' error={error} />}
      {stats !== null && (
        <dl class='stats' data-testid='cache-stats'>
          {Object.entries(stats).map(([name, value]) => <div key={name}><dt>{words(name)}</dt><dd>{value ?? '—'}</dd></div>)}
        </dl>
      )}
      <div class='actions'>
        <button type='button' class='secondary' onClick={load}>Reload counters</button>
        <button type='button' onClick={flush} disabled={busy}>{busy ? 'Flushing…' : 'Flush the cache'}</button>
      </div>
      {flushed !== null && <p class='notice' role='status'>Flushed at {flushed.toLocaleTimeString('en')}: the next reads are computed afresh.</p>}
    </section>
  )
}
