/**
 * Any JSON value of a free-form analysis, readable: objects as term/description lists, arrays of texts inline,
 * arrays of objects as lists. Keys read as words ("lens_type" → "lens type").
 */
export function ValueTree ({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span class='muted'>—</span>
  if (typeof value !== 'object') return <>{String(value)}</>
  if (Array.isArray(value)) {
    if (value.every(item => typeof item !== 'object' || item === null)) return <>{value.map(String).join(', ')}</>
    return <ul class='tree-list'>{value.map((item, i) => <li key={i}><ValueTree value={item} /></li>)}</ul>
  }
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length === 0) return <span class='muted'>—</span>
  return (
    <dl class='tree'>
      {entries.map(([key, item]) => (
        <div key={key} class='tree-row'>
          <dt>{words(key)}</dt>
          <dd><ValueTree value={item} /></dd>
        </div>
      ))}
    </dl>
  )
}

export function words (key: string): string {
  const text = key.replaceAll('_', ' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}
