import type { Me } from '../../api/types.ts'
import { can } from '../../lib/roles.ts'
import { CachePanel } from './cache-panel.tsx'
import { ReindexPanel } from './reindex-panel.tsx'
import { UploadPanel } from './upload-panel.tsx'

/** Curating: uploads for ingesters, cache and reindex for admins; a role the token lacks is said, not hidden. */
export function CuratePage ({ me }: { me: Me }) {
  const roles = me.roles.join(', ') || 'none'
  return (
    <section class='page curate'>
      <h1 tabIndex={-1}>Curate</h1>
      {can(me, 'ingester')
        ? <UploadPanel />
        : <p class='notice' data-testid='needs-ingester'>Uploading and deleting analyses need the role <strong>ingester</strong>; this token has {roles}.</p>}
      {can(me, 'admin')
        ? <><CachePanel /><ReindexPanel /></>
        : <p class='notice' data-testid='needs-admin'>The cache and reindex need the role <strong>admin</strong>; this token has {roles}.</p>}
      <p class='muted small'>Deleting happens on an analysis's own page (with If-Match, so a concurrent change is never lost).</p>
    </section>
  )
}
