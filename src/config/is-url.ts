export function isUrl (value: string, protocols: string[]): boolean {
  try { return protocols.includes(new URL(value).protocol) } catch { return false }
}
