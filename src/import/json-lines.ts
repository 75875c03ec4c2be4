/** One document to send, as NDJSON text, with where it came from (for the rejects file). */
export interface SourceLine {
  text: string
  origin: string
  /** Bytes of input consumed so far, for progress and ETA. */
  progressBytes: number
}

/**
 * The lines to send for one .json file: an analysis, or an array of them, each as one NDJSON line. A file that
 * is not JSON is sent as it is on one line, so that the service names what is wrong with it and that lands in the
 * rejects. Web APIs only: the web page (ui/) reads picked files with it too.
 */
export function * jsonFileLines (name: string, text: string, progressBytes: number): Generator<SourceLine> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    yield { text: text.replace(/\s*\n\s*/g, ' '), origin: name, progressBytes }
    return
  }
  const documents = Array.isArray(value) ? value : [value]
  for (const [i, document] of documents.entries()) {
    yield { text: JSON.stringify(document), origin: documents.length > 1 ? `${name}[${i}]` : name, progressBytes }
  }
}
