/** The page's places, all in the address bar's fragment so the server only ever serves `/`. Pure: no DOM. */
export type Route =
  | { page: 'search', params: URLSearchParams }
  | { page: 'analysis', id: string }
  | { page: 'dashboard' }
  | { page: 'curate' }
  | { page: 'missing', path: string }

export function parseRoute (hash: string): Route {
  const raw = hash.replace(/^#/, '')
  const [path = '', query = ''] = raw.split(/\?(.*)/s, 2)
  // A sign-in link (#token=…) is taken out of the address bar at once; until then it shows the explorer.
  if (path.startsWith('token=')) return { page: 'search', params: new URLSearchParams() }
  if (path === '' || path === '/' || path === '/search') return { page: 'search', params: new URLSearchParams(query) }
  const analysis = /^\/analyses\/(.+)$/.exec(path)
  if (analysis !== null) return { page: 'analysis', id: safeDecode(analysis[1]!) }
  if (path === '/dashboard') return { page: 'dashboard' }
  if (path === '/curate') return { page: 'curate' }
  return { page: 'missing', path }
}

export function searchHash (params: URLSearchParams): string {
  const query = params.toString()
  return query === '' ? '#/search' : `#/search?${query}`
}

export function analysisHash (id: string): string {
  return `#/analyses/${encodeURIComponent(id)}`
}

function safeDecode (text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
