import Type, { type Static } from 'typebox'
import { ProblemSchema } from './problem.ts'

export const LivenessSchema = Type.Object({ status: Type.Literal('ok') })

const Check = Type.Object({
  status: Type.Enum(['up', 'down']),
  detail: Type.Optional(Type.String())
})

const checks = {
  elasticsearch: Type.Object({
    ...Check.properties,
    index: Type.Optional(Type.String({ description: 'The index behind the read alias' })),
    text_analysis: Type.Optional(Type.String({ description: 'english, hunspell_en_US or standard (see README)' }))
  }),
  redis: Check
}

export type EsCheck = Static<typeof checks.elasticsearch>
export type RedisCheck = Static<typeof checks.redis>

export const ReadySchema = Type.Object({
  state: Type.Enum(['ready', 'degraded'], { description: 'degraded: Redis is down, reads are served from Elasticsearch' }),
  ...checks
})

/**
 * The 503 of readiness: a problem document (SEARCH_UNAVAILABLE or OVERLOADED) extended with the checks; while the
 * instance closes, SHUTTING_DOWN with state shutting_down and no checks (none is made).
 */
export const NotReadySchema = Type.Object({
  ...ProblemSchema.properties,
  state: Type.Enum(['not_ready', 'overloaded', 'shutting_down'], {
    description: 'overloaded: the instance sheds load (a load balancer should drain it); shutting_down: it closes'
  }),
  elasticsearch: Type.Optional(checks.elasticsearch),
  redis: Type.Optional(checks.redis)
})
