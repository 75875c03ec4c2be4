import { bodyAjv } from '../../../http/ajv.ts'
import { ProblemError } from '../../../http/errors.ts'
import { limitProblem, parseJson } from '../../../http/parse-json.ts'
import { validationProblem, type AjvError } from '../../../http/validation-problem.ts'
import { AnalysisInputSchema, LIMITS, type AnalysisInput } from '../../../schemas/analysis.ts'
import { BULK_MAX_ITEMS } from '../../../schemas/bulk.ts'
import { checkLimits } from '../../../search/analyses/document-limits.ts'

/** One item of a bulk body: the analysis, or the problem that keeps it out (the same a single write would get). */
export type ParsedItem = { ok: true, input: AnalysisInput } | { ok: false, problem: ProblemError }

const validate = bodyAjv.compile<AnalysisInput>(AnalysisInputSchema)

/**
 * Splits a bulk body into items, each parsed and validated on its own so one bad line fails alone.
 * NDJSON: one document per line, blank lines ignored. JSON: an array of documents.
 */
export function parseBulkBody (text: string, ndjson: boolean): ParsedItem[] {
  const raw = ndjson ? splitLines(text) : splitArray(text)
  if (raw.length === 0) throw new ProblemError('EMPTY_BODY', 'The bulk body holds no documents')
  if (raw.length > BULK_MAX_ITEMS) {
    throw new ProblemError('PAYLOAD_TOO_LARGE', `A bulk request holds at most ${BULK_MAX_ITEMS} documents; this one holds ${raw.length}`)
  }
  return raw.map(item => {
    try {
      return { ok: true, input: typeof item === 'string' ? parseLine(item) : parseElement(item) }
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error
      return { ok: false, problem: error }
    }
  })
}

function splitLines (text: string): string[] {
  const lines: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line !== '') lines.push(line)
  }
  return lines
}

/** A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, 4): shorter lines cannot be too large. */
const SURELY_SMALL = Math.floor(LIMITS.documentBytes / 3)

function splitArray (text: string): unknown[] {
  const value = parseJson(text)
  if (!Array.isArray(value)) throw new ProblemError('VALIDATION_FAILED', 'A JSON bulk body is an array of analyses (or send application/x-ndjson)')
  return value
}

function parseLine (line: string): AnalysisInput {
  if (line.length > SURELY_SMALL && Buffer.byteLength(line) > LIMITS.documentBytes) throw tooLarge()
  return check(parseJson(line, 'the line'))
}

function parseElement (value: unknown): AnalysisInput {
  // Structure first: a hostile nesting is refused before anything recurses through it (JSON.stringify does).
  const input = check(value)
  if (Buffer.byteLength(JSON.stringify(value)) > LIMITS.documentBytes) throw tooLarge()
  return input
}

function check (value: unknown): AnalysisInput {
  const violation = checkLimits(value)
  if (violation !== null) throw limitProblem(violation)
  if (!validate(value)) throw validationProblem(validate.errors as AjvError[], 'body')
  return value
}

function tooLarge (): ProblemError {
  const detail = `the document exceeds ${LIMITS.documentBytes} bytes`
  return new ProblemError('PAYLOAD_TOO_LARGE', detail, { errors: [{ pointer: '', detail }] })
}
