import { useState } from 'preact/hooks'
import { ApiError } from '../../api/client.ts'
import { deleteAnalysis } from '../../api/endpoints.ts'
import { ErrorNotice } from '../../components/error-notice.tsx'

interface Props {
  id: string
  etag: string
  onDeleted: () => void
}

/**
 * Deletes with If-Match: the ETag of the version on screen. If someone changed the analysis meanwhile the API
 * answers 412 and nothing is lost; the user reloads to see what changed.
 */
export function DeleteAnalysis ({ id, etag, onDeleted }: Props) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'deleting'>('idle')
  const [error, setError] = useState<unknown>(null)
  if (step === 'idle') {
    return <button type='button' class='danger' onClick={() => { setError(null); setStep('confirm') }}>Delete…</button>
  }
  const remove = () => {
    setStep('deleting')
    deleteAnalysis(id, etag).then(onDeleted, (failure: unknown) => { setError(failure); setStep('confirm') })
  }
  const moved = error instanceof ApiError && error.status === 412
  return (
    <div class='confirm' role='group' aria-labelledby='confirm-delete'>
      <p id='confirm-delete'><strong>Delete “{id}” for good?</strong> Searches stop finding it at once.</p>
      {error !== null && <ErrorNotice action={moved ? 'It changed since you opened it: reload to see the current version' : 'The analysis was not deleted'} error={error} />}
      <button type='button' class='danger' onClick={remove} disabled={step === 'deleting'}>{step === 'deleting' ? 'Deleting…' : 'Delete'}</button>
      <button type='button' class='secondary' onClick={() => { setStep('idle') }} disabled={step === 'deleting'}>Keep it</button>
    </div>
  )
}
