/** Keys of `image_analysis` whose text is indexed on its own instead of in `analysis_text`. */
const OWN_FIELDS = new Set(['negative_prompt'])

/** Any character that is not whitespace (as `trim` reads it): found without the copy `trim() !== ''` makes. */
const NOT_BLANK = /\S/

/**
 * Every string leaf of an analysis, in document order, for the full-text field. The negative prompt is left
 * out: it says what the image is NOT, so matching it would turn "no beard" into a hit for "beard".
 */
export function analysisText (imageAnalysis: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const [key, value] of Object.entries(imageAnalysis)) {
    if (!OWN_FIELDS.has(key)) collect(value, out)
  }
  return out
}

function collect (value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (NOT_BLANK.test(value)) out.push(value)
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, out)
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collect(item, out)
  }
}

export function negativePrompt (imageAnalysis: Record<string, unknown>): string | undefined {
  const value = imageAnalysis.negative_prompt
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.filter(item => typeof item === 'string').join(', ')
  return undefined
}
