import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

type TenantWriteListener = (tenant: string) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    /** Called by every write route after Elasticsearch acknowledged the write, before the client is answered. */
    tenantWritten: (tenant: string) => Promise<void>
    /** Subscribes to acknowledged writes (the cache advances the tenant's generation here). */
    onTenantWrite: (listener: TenantWriteListener) => void
  }
}

async function tenantWrites (fastify: FastifyInstance): Promise<void> {
  const listeners: TenantWriteListener[] = []
  fastify.decorate('onTenantWrite', (listener: TenantWriteListener) => { listeners.push(listener) })
  fastify.decorate('tenantWritten', async (tenant: string) => {
    for (const listener of listeners) await listener(tenant)
  })
}

export const tenantWritesPlugin = fp(tenantWrites, { name: 'tenant-writes' })
