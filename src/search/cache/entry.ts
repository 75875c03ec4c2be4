import { createHash } from 'node:crypto'

/** A cached answer: the JSON body exactly as sent, its strong ETag and when it was computed. */
export interface CacheEntry {
  body: string
  etag: string
  storedAt: number
}

/** Strong validator: a digest of the exact bytes sent, so equal bodies give equal ETags on every instance. */
export function bodyEtag (body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
}

// `<storedAt>\n<etag>\n<body>`: a hit needs no JSON.parse of the body, only two indexOf.
export function encodeEntry (entry: CacheEntry): string {
  return `${entry.storedAt}\n${entry.etag}\n${entry.body}`
}

export function decodeEntry (raw: string): CacheEntry | null {
  const first = raw.indexOf('\n')
  const second = first < 0 ? -1 : raw.indexOf('\n', first + 1)
  if (second < 0) return null
  const storedAt = Number(raw.slice(0, first))
  if (!Number.isFinite(storedAt)) return null
  return { storedAt, etag: raw.slice(first + 1, second), body: raw.slice(second + 1) }
}
