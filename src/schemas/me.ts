import Type, { type Static } from 'typebox'
import { ROLES } from '../http/principal.ts'

export const MeResponse = Type.Object({
  sub: Type.String({ description: 'The token\'s subject' }),
  tenant: Type.String({ description: 'The tenant every other route works on' }),
  roles: Type.Array(Type.Enum([...ROLES]), { description: 'Roles this service knows (others in the token are ignored); reader ⊂ ingester ⊂ admin' })
})

export type Me = Static<typeof MeResponse>
