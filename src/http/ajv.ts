import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

// allErrors: a request with several bad fields hears of all of them at once (validation-problem.ts caps the list).
const common: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false }

/**
 * Two validators on purpose. Query strings and path parameters arrive as text, so they are coerced
 * (`?size=5` is a number, a single `?mood=x` an array). Bodies are JSON and are never coerced: a caption sent
 * as a number is an error, not silently the string "123". Unknown fields are rejected, never stripped.
 */
export const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }))
export const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }))
