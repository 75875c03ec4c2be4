/**
 * Names of the versioned indices and their aliases. Clients of the service never see them; operators do.
 * Searches go through the read alias, writes through the write alias, so a migration swaps both atomically.
 */
export interface IndexNames {
  prefix: string
  read: string
  write: string
  /** Wildcard matching every version, for clean-up and inspection. */
  pattern: string
  version: (n: number) => string
}

export function indexNames (prefix: string): IndexNames {
  const base = `${prefix}-analyses`
  return {
    prefix,
    read: base,
    write: `${base}-write`,
    pattern: `${base}-v*`,
    version: n => `${base}-v${n}`
  }
}

export function versionOf (indexName: string): number {
  const match = /-v(\d+)$/.exec(indexName)
  return match === null ? 0 : Number(match[1])
}
