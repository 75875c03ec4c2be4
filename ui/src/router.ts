import { useEffect, useState } from 'preact/hooks'
import { parseRoute, type Route } from './lib/route.ts'

const CHANGED = 'ias:route'

/**
 * Moves to another place of the page. A new history entry unless `replace` (typing in the search box replaces
 * the current entry, so Back goes to the previous search rather than through every keystroke).
 */
export function navigate (hash: string, { replace = false } = {}): void {
  if (hash === location.hash) return
  if (replace) history.replaceState(null, '', hash)
  else history.pushState(null, '', hash)
  routeChanged()
}

/** Tells useRoute the address changed without an event of its own (history.replaceState). */
export function routeChanged (): void {
  window.dispatchEvent(new Event(CHANGED))
}

/** The current place; follows links, Back and Forward, and navigate(). */
export function useRoute (): Route {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const follow = () => { setHash(location.hash) }
    window.addEventListener('hashchange', follow)
    window.addEventListener('popstate', follow)
    window.addEventListener(CHANGED, follow)
    // The address may have changed between the first render and now, before anyone listened.
    follow()
    return () => {
      window.removeEventListener('hashchange', follow)
      window.removeEventListener('popstate', follow)
      window.removeEventListener(CHANGED, follow)
    }
  }, [])
  return parseRoute(hash)
}

let lastSearch = '#/search'

/** The explorer records its search, so that a detail card links back to it (not off the page, as Back might). */
export function rememberSearch (hash: string): void {
  lastSearch = hash
}

export function searchToReturnTo (): string {
  return lastSearch
}
