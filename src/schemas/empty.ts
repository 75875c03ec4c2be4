import Type from 'typebox'

/** The query string of a route that takes no parameters: any parameter is an unknown field, never ignored. */
export const NoQuery = Type.Object({}, { additionalProperties: false })

/** The body of a 204 or 304 answer: none. */
export const NoContent = Type.Null({ description: 'No body' })
