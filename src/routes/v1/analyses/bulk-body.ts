import { bodyAjv } from '../../../http/ajv.ts'
import type { ProblemItem } from '../../../schemas/problem.ts'
import { ProblemError } from '../../../http/errors.ts'
import { describeErrors, isUnknownField, type AjvError } from '../../../http/validation-problem.ts'
import { AnalysisInputSchema, LIMITS, type AnalysisInput } from '../../../schemas/analysis.ts'
import { BULK_MAX_ITEMS } from '../../../schemas/bulk.ts'
import { checkLimits } from '../../../search/analyses/document-limits.ts'

export type ParsedItem =
  | { ok: true, input: AnalysisInput }
  | { ok: false, status: 400 | 413, code: 'INVALID_JSON' | 'DOCUMENT_LIMIT' | 'VALIDATION_FAILED' | 'UNKNOWN_FIELD' | 'PAYLOAD_TOO_LARGE', detail: string, errors: ProblemItem[] }

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
  return raw.map(item => typeof item === 'string' ? parseLine(item) : parseElement(item))
}

function splitLines (text: string): string[] {
  return text.split('\n').map(line => line.trim()).filter(line => line !== '')
}

function splitArray (text: string): unknown[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ProblemError('INVALID_JSON', `The body is not valid JSON: ${(error as Error).message}`)
  }
  if (!Array.isArray(value)) throw new ProblemError('VALIDATION_FAILED', 'A JSON bulk body is an array of analyses (or send application/x-ndjson)')
  return value
}

function parseLine (line: string): ParsedItem {
  if (Buffer.byteLength(line) > LIMITS.documentBytes) {
    return failure(413, 'PAYLOAD_TOO_LARGE', `the document exceeds ${LIMITS.documentBytes} bytes`, '')
  }
  try {
    return check(JSON.parse(line))
  } catch (error) {
    return failure(400, 'INVALID_JSON', `the line is not valid JSON: ${(error as Error).message}`, '')
  }
}

function parseElement (value: unknown): ParsedItem {
  // Structure first: a hostile nesting is refused before anything recurses through it (JSON.stringify does).
  const checked = check(value)
  if (checked.ok && Buffer.byteLength(JSON.stringify(value)) > LIMITS.documentBytes) {
    return failure(413, 'PAYLOAD_TOO_LARGE', `the document exceeds ${LIMITS.documentBytes} bytes`, '')
  }
  return checked
}

function check (value: unknown): ParsedItem {
  const violation = checkLimits(value)
  if (violation !== null) return failure(400, 'DOCUMENT_LIMIT', `${violation.detail} at ${violation.pointer}`, violation.pointer)
  if (!validate(value)) {
    const errors = validate.errors as AjvError[]
    const items = describeErrors(errors, 'body')
    return { ok: false, status: 400, code: isUnknownField(errors) ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED', detail: items[0]?.detail ?? 'invalid document', errors: items }
  }
  return { ok: true, input: value }
}

function failure (status: 400 | 413, code: 'INVALID_JSON' | 'DOCUMENT_LIMIT' | 'PAYLOAD_TOO_LARGE', detail: string, pointer: string): ParsedItem {
  return { ok: false, status, code, detail, errors: [{ pointer, detail }] }
}
