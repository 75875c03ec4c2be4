import Type from 'typebox'

/** Characters of an Idempotency-Key: UUIDs, ULIDs, base64 and the like; quoted as the draft's sf-string, or bare. */
const IDEMPOTENCY_KEY_PATTERN = '^"?[A-Za-z0-9._:~+/=-]{1,255}"?$'

/** The request header of the writes (IETF httpapi draft "The Idempotency-Key HTTP Header Field"). */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    pattern: IDEMPOTENCY_KEY_PATTERN,
    description: 'A key unique to this write (a UUID, say), as a Structured Field string ("…") or bare: 1–255 characters of A-Z a-z 0-9 . _ : ~ + / = -. A retry with the same key and the same request gets the first outcome again (`Idempotent-Replayed: true`); the same key with another request is a 422, a retry while the first still runs a 409. Keys are per tenant and remembered IDEMPOTENCY_TTL_S (24 h) after the last attempt.'
  }))
}, { additionalProperties: true })
