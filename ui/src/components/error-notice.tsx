import { ApiError } from '../api/client.ts'

/** What went wrong, in the service's words: the problem's detail (a 403 names the role that is needed). */
export function ErrorNotice ({ error, action }: { error: unknown, action?: string }) {
  const detail = error instanceof ApiError ? error.problem.detail : error instanceof Error ? error.message : String(error)
  const status = error instanceof ApiError && error.status > 0 ? error.status : undefined
  return (
    <div class='notice notice-error' role='alert'>
      <strong>{action ?? 'That did not work'}{status === undefined ? '' : ` (${status})`}:</strong> {detail}
    </div>
  )
}
