import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config/load-config.ts'

export interface V1Options {
  config: Config
}

/** Every versioned route; each declares its role in `config.auth`. */
export async function v1Routes (_fastify: FastifyInstance, _options: V1Options): Promise<void> {
}
