import type { Client } from '@elastic/elasticsearch'
import { generationKey } from '../cache/keys.ts'
import type { LocalTier } from '../cache/local-tier.ts'
import type { Ticket } from '../cache/tracked-keys.ts'
import type { IndexNames } from '../index/index-names.ts'
import { readVocabulary } from './vocabulary-store.ts'
import type { StoredVocabulary } from './vocabulary-types.ts'

/** Tenants whose vocabulary is kept at most; the least recently used goes first. */
const MAX_TENANTS = 1000

interface Copy { ticket: Ticket, vocabulary: StoredVocabulary }

/**
 * The vocabularies computed answers read, kept in this process only while the in-process cache tier proves them
 * current; otherwise read from Elasticsearch (a realtime GET) as before. Every change of a vocabulary advances the
 * tenant's cache generation after Elasticsearch acknowledged it and before it is answered, and every instance gets
 * the invalidation of that `gen:` key (docs/cache.md, "The in-process tier"). So a copy is taken under a ticket of
 * the tenant's generation key taken before its GET, and used only while that ticket is still the key's slot, checked
 * after the tier's sync: a read that starts after a change was acknowledged anywhere finds the ticket gone and reads
 * the new vocabulary. Any write of the tenant (a document too) drops the copy; without tracking, nothing is kept.
 */
export class VocabularyCopies {
  readonly #tier: LocalTier | undefined
  readonly #copies = new Map<string, Copy>()

  constructor (tier: LocalTier | undefined) {
    this.#tier = tier
  }

  async read (es: Client, names: Pick<IndexNames, 'read'>, tenant: string): Promise<StoredVocabulary> {
    const keys = this.#tier?.keys
    if (keys?.active !== true) return (await readVocabulary(es, names, tenant)).vocabulary
    const genKey = generationKey(tenant)
    const held = this.#copies.get(tenant)
    if (held !== undefined && keys.holds(genKey, held.ticket) && await this.#tier!.sync() && keys.holds(genKey, held.ticket)) {
      this.#copies.delete(tenant) // re-inserted: the map's order is the recency order
      this.#copies.set(tenant, held)
      return held.vocabulary
    }
    const ticket = keys.begin(genKey)
    const { vocabulary } = await readVocabulary(es, names, tenant)
    if (ticket !== null && keys.holds(genKey, ticket)) {
      this.#copies.delete(tenant)
      this.#copies.set(tenant, { ticket, vocabulary })
      if (this.#copies.size > MAX_TENANTS) this.#copies.delete(this.#copies.keys().next().value!)
    }
    return vocabulary
  }
}
