import { useEffect, useRef, useState } from 'preact/hooks'
import { onUnauthorized } from './api/client.ts'
import { fetchMe } from './api/endpoints.ts'
import type { Me } from './api/types.ts'
import { ErrorNotice } from './components/error-notice.tsx'
import { AnalysisPage } from './pages/detail/analysis-page.tsx'
import { CuratePage } from './pages/curate/curate-page.tsx'
import { ExplorerPage } from './pages/explorer/explorer-page.tsx'
import { LazyDashboard } from './pages/lazy-dashboard.tsx'
import { SignIn } from './pages/sign-in.tsx'
import { routeChanged, useRoute } from './router.ts'
import { forgetToken, readToken, storeToken, takeTokenFromFragment } from './session.ts'
import type { Route } from './lib/route.ts'

type Session =
  | { state: 'checking' }
  | { state: 'signed-out', detail?: string }
  | { state: 'signed-in', me: Me }

export function App () {
  const [session, setSession] = useState<Session>(() => readToken() === null ? { state: 'signed-out' } : { state: 'checking' })
  const route = useRoute()

  // A 401 anywhere (an expired token, a rotated key) ends the session with the service's reason.
  useEffect(() => onUnauthorized(detail => {
    forgetToken()
    setSession({ state: 'signed-out', detail })
  }), [])

  // A sign-in link opened in a tab that already shows the page arrives as a new fragment, not a page load.
  useEffect(() => {
    const onHash = () => {
      if (!takeTokenFromFragment()) return
      routeChanged()
      setSession({ state: 'checking' })
    }
    window.addEventListener('hashchange', onHash)
    return () => { window.removeEventListener('hashchange', onHash) }
  }, [])

  useEffect(() => {
    if (session.state !== 'checking') return
    fetchMe().then(me => { setSession({ state: 'signed-in', me }) }, (error: unknown) => {
      forgetToken()
      setSession({ state: 'signed-out', detail: error instanceof Error ? error.message : String(error) })
    })
  }, [session.state])

  if (session.state === 'checking') return <main id='main' class='page narrow' aria-busy='true'><p>Checking the token…</p></main>
  if (session.state === 'signed-out') {
    return <SignIn detail={session.detail} onToken={token => { storeToken(token); setSession({ state: 'checking' }) }} />
  }
  const signOut = () => { forgetToken(); setSession({ state: 'signed-out' }) }
  return (
    <>
      <a class='skip-link' href='#main' onClick={event => { event.preventDefault(); document.getElementById('main')?.focus() }}>Skip to content</a>
      <Header me={session.me} route={route} onSignOut={signOut} />
      <Main route={route} me={session.me} />
    </>
  )
}

const NAV = [
  { page: 'search', href: '#/search', label: 'Explorer' },
  { page: 'dashboard', href: '#/dashboard', label: 'Dashboard' },
  { page: 'curate', href: '#/curate', label: 'Curate' }
] as const

function Header ({ me, route, onSignOut }: { me: Me, route: Route, onSignOut: () => void }) {
  return (
    <header class='site-header'>
      <span class='brand'>Image analyses</span>
      <nav aria-label='Main'>
        <ul>
          {NAV.map(item => (
            <li key={item.page}><a href={item.href} aria-current={route.page === item.page ? 'page' : undefined}>{item.label}</a></li>
          ))}
        </ul>
      </nav>
      <p class='who' data-testid='who'>
        Tenant <strong data-testid='tenant'>{me.tenant}</strong> · {me.roles.length === 1 ? 'role' : 'roles'} <strong data-testid='roles'>{me.roles.join(', ') || 'none'}</strong>
      </p>
      <button type='button' class='secondary' onClick={onSignOut}>Sign out</button>
    </header>
  )
}

function Main ({ route, me }: { route: Route, me: Me }) {
  const main = useRef<HTMLElement>(null)
  const place = route.page === 'analysis' ? `analysis:${route.id}` : route.page
  // A new place moves the focus to its content, as a page load would, so keyboard and screen-reader users land there.
  const first = useRef(true)
  useEffect(() => {
    if (first.current) { first.current = false; return }
    main.current?.querySelector<HTMLElement>('h1')?.focus()
  }, [place])
  return (
    <main id='main' ref={main} tabIndex={-1}>
      {route.page === 'search' && <ExplorerPage params={route.params} />}
      {route.page === 'analysis' && <AnalysisPage id={route.id} me={me} />}
      {route.page === 'dashboard' && <LazyDashboard />}
      {route.page === 'curate' && <CuratePage me={me} />}
      {route.page === 'missing' && (
        <section class='page narrow'>
          <h1 tabIndex={-1}>No such page</h1>
          <ErrorNotice action='Not found' error={new Error(`Nothing lives at ${route.path}.`)} />
          <p><a href='#/search'>Go to the explorer</a></p>
        </section>
      )}
    </main>
  )
}
