import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { isAbort } from '../../api/client.ts'
import { fetchDashboard } from '../../api/endpoints.ts'
import type { Dashboard } from '../../api/types.ts'

/** The dashboard is fresh for DASHBOARD_FRESH_S (30 s by default) on the server: asking more often gains nothing. */
const REFRESH_MS = 30_000

interface DashboardView {
  dashboard: Dashboard | null
  etag: string | null
  cacheStatus: string | null
  checkedAt: Date | null
  refreshing: boolean
  error: unknown
}

/**
 * Loads the dashboard, then asks again every 30 s while the tab is visible. The browser revalidates with
 * If-None-Match; an unchanged dashboard (a 304, the same ETag) leaves everything on screen as it is. A changed
 * one replaces the data in place (the charts redraw into the space they already hold), so a refresh never blanks
 * the page. A failed refresh keeps the last data.
 */
export function useDashboard (): { view: DashboardView, refresh: () => void } {
  const [view, setView] = useState<DashboardView>({ dashboard: null, etag: null, cacheStatus: null, checkedAt: null, refreshing: true, error: null })
  const inFlight = useRef<AbortController | null>(null)

  const refresh = useCallback(() => {
    if (inFlight.current !== null) return
    const controller = new AbortController()
    inFlight.current = controller
    setView(previous => ({ ...previous, refreshing: true }))
    fetchDashboard(controller.signal).then(answer => {
      setView(previous => ({
        dashboard: answer.etag !== null && answer.etag === previous.etag ? previous.dashboard : answer.dashboard,
        etag: answer.etag,
        cacheStatus: answer.cacheStatus,
        checkedAt: new Date(),
        refreshing: false,
        error: null
      }))
    }, (error: unknown) => {
      if (!isAbort(error)) setView(previous => ({ ...previous, refreshing: false, error }))
    }).finally(() => { if (inFlight.current === controller) inFlight.current = null })
  }, [])

  useEffect(() => {
    refresh()
    const timer = setInterval(() => { if (document.visibilityState === 'visible') refresh() }, REFRESH_MS)
    const onVisible = () => { if (document.visibilityState === 'visible') refresh() }
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      clearInterval(timer)
      document.removeEventListener('visibilitychange', onVisible)
      inFlight.current?.abort()
    }
  }, [])

  return { view, refresh }
}
