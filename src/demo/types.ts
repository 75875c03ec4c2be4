/** Shapes shared by the demo-corpus modules. */

/** A document as the ingestion API accepts it. */
export interface DemoDocument {
  id: string
  caption: string
  image_analysis: Record<string, unknown>
  tags?: string[]
  source?: string
}

/** What the generator chose for one document, in plain words, so captions and tags say the same as the analysis. */
export interface SceneFacts {
  settings: string[]
  lighting: string
  lightSource: string
  /** Lens class in words, e.g. "telephoto lens". */
  lens: string
  /** The mood the caption names. */
  mood: string
  subject: { person: string, verb: string } | null
  objects: string[]
}

export function capitalize (text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
