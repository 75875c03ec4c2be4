import Type, { type Static } from 'typebox'
import { ROLES } from './roles.ts'

export const MeResponse = Type.Object({
  sub: Type.String({ description: 'The token\'s subject' }),
  tenant: Type.String({ description: 'The tenant every other route works on' }),
  roles: Type.Array(Type.Enum([...ROLES]), { description: 'The token\'s roles (a token naming a role this service does not know is refused); reader ⊂ ingester ⊂ admin' })
})

export type Me = Static<typeof MeResponse>
