/** The names of a list parameter, comma-separated or repeated (`facets`, `fields`), trimmed, blanks dropped. */
export function listedNames (entries: readonly string[]): string[] {
  return entries.flatMap(entry => entry.split(',')).map(name => name.trim()).filter(name => name !== '')
}
