/**
 * The bearer token of this tab. It arrives by the sign-in form or by a link `/#token=…` (a fragment: browsers
 * never send it to the server, so it reaches no access log, unlike a query string). It is kept in
 * sessionStorage (gone with the tab, never shared with other tabs or sent anywhere by the browser) and the
 * fragment is replaced at once, so the address bar, the history and a copied link no longer carry it.
 */
const KEY = 'ias.token'

export function readToken (): string | null {
  return sessionStorage.getItem(KEY)
}

export function storeToken (token: string): void {
  sessionStorage.setItem(KEY, token)
}

export function forgetToken (): void {
  sessionStorage.removeItem(KEY)
}

/** Moves a token from the address bar's fragment into the session; true when there was one. */
export function takeTokenFromFragment (): boolean {
  const match = /^#token=([^&]+)/.exec(location.hash)
  if (match === null) return false
  storeToken(decodeURIComponent(match[1]!).trim())
  history.replaceState(null, '', `${location.pathname}${location.search}#/`)
  return true
}
