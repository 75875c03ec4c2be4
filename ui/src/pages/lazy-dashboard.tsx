import { useEffect, useState } from 'preact/hooks'
import type { FunctionComponent } from 'preact'
import { ErrorNotice } from '../components/error-notice.tsx'

/**
 * The dashboard and its chart library load when the dashboard is first opened: a separate chunk, so the first
 * load of the page (the explorer) stays small.
 */
export function LazyDashboard () {
  const [view, setView] = useState<{ Page: FunctionComponent } | { error: unknown } | null>(null)
  useEffect(() => {
    import('./dashboard/dashboard-page.tsx').then(module => { setView({ Page: module.DashboardPage }) }, (error: unknown) => { setView({ error }) })
  }, [])
  // The heading stays the same element while the chunk loads, so the focus put on it stays too.
  return (
    <section class='page dashboard' aria-busy={view === null}>
      <h1 tabIndex={-1}>Dashboard</h1>
      {view === null && <p role='status'>Loading the dashboard…</p>}
      {view !== null && 'error' in view && <ErrorNotice action='The dashboard could not load' error={view.error} />}
      {view !== null && 'Page' in view && <view.Page />}
    </section>
  )
}
