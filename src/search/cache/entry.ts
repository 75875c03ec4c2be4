import { hash } from 'node:crypto'

/** A cached answer: the JSON body exactly as sent, its strong ETag and when it was computed. */
export interface CacheEntry {
  body: string
  etag: string
  storedAt: number
}

/**
 * An entry as the in-process tier keeps it: the body already encoded, so a tier hit writes the bytes as they are
 * instead of measuring and encoding ~15 KB of text again on every answer (the bare Redis route pays both).
 */
export interface EncodedEntry {
  body: Buffer
  etag: string
  storedAt: number
}

/** Strong validator: a digest of the exact bytes sent, so equal bodies give equal ETags on every instance. */
export function bodyEtag (body: string): string {
  return `"${hash('sha256', body, 'base64url').slice(0, 27)}"`
}

// `<generation>\n<storedAt>\n<etag>\n<body>`: a hit needs no JSON.parse of the body, only three indexOf.
export function encodeEntry (generation: string, entry: CacheEntry): string {
  return `${generation}\n${entry.storedAt}\n${entry.etag}\n${entry.body}`
}

/** The entry if it was built at `generation`; null for an older (or newer) one, or for bytes that are no entry. */
export function decodeEntry (raw: string, generation: string): CacheEntry | null {
  if (!raw.startsWith(`${generation}\n`)) return null
  const first = generation.length
  const second = raw.indexOf('\n', first + 1)
  const third = second < 0 ? -1 : raw.indexOf('\n', second + 1)
  if (third < 0) return null
  const storedAt = Number(raw.slice(first + 1, second))
  if (!Number.isFinite(storedAt)) return null
  return { storedAt, etag: raw.slice(second + 1, third), body: raw.slice(third + 1) }
}
