/**
 * Elasticsearch's highlight fragments are HTML-escaped text with matches wrapped in <em> (docs/search.md). The
 * page never hands them to innerHTML: they become text runs, marked or not, rendered as text nodes.
 */
export interface Run {
  text: string
  match: boolean
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'' }

export function decodeEntities (text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED[name.toLowerCase()] ?? whole
  })
}

export function highlightRuns (fragment: string): Run[] {
  const runs: Run[] = []
  const pattern = /<em>(.*?)<\/em>/gs
  let last = 0
  for (const found of fragment.matchAll(pattern)) {
    if (found.index > last) runs.push({ text: decodeEntities(fragment.slice(last, found.index)), match: false })
    runs.push({ text: decodeEntities(found[1]!), match: true })
    last = found.index + found[0].length
  }
  if (last < fragment.length) runs.push({ text: decodeEntities(fragment.slice(last)), match: false })
  return runs.filter(run => run.text !== '')
}
