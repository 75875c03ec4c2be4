import { useEffect, useMemo, useState } from 'preact/hooks'
import { ErrorNotice } from '../../components/error-notice.tsx'
import { DataTable } from '../../components/data-table.tsx'
import { readPickedFile, type PickedFile } from '../../lib/file-source.ts'
import { plural } from '../../lib/labels.ts'
import { useUpload, type Rejected } from './use-upload.ts'

/** Upload an NDJSON or JSON file of analyses; see the progress, then the rejected lines and why. */
export function UploadPanel () {
  const [picked, setPicked] = useState<{ name: string, file: PickedFile } | null>(null)
  const [readError, setReadError] = useState<unknown>(null)
  const { upload, start } = useUpload()
  const running = upload.state === 'running'

  const pick = (input: HTMLInputElement) => {
    const file = input.files?.[0]
    setPicked(null)
    setReadError(null)
    if (file === undefined) return
    file.text().then(text => { setPicked({ name: file.name, file: readPickedFile(file.name, text) }) }, (error: unknown) => { setReadError(error) })
  }

  return (
    <section class='section' aria-labelledby='upload-title'>
      <h2 id='upload-title'>Upload analyses</h2>
      <p>An NDJSON file (one analysis per line) or a <code>.json</code> file holding one analysis or an array of them. Analyses without an id get one from their content, so uploading a file again replaces instead of duplicating.</p>
      <form onSubmit={event => { event.preventDefault(); if (picked !== null) start(picked.file) }}>
        <label for='upload-file'>File</label>
        <input id='upload-file' type='file' accept='.ndjson,.jsonl,.json,application/json,application/x-ndjson' disabled={running} onChange={event => { pick(event.currentTarget) }} />
        {picked !== null && <p class='small' data-testid='picked'>{picked.name}: {plural(picked.file.lines.length, 'analysis', 'analyses')} to send.</p>}
        <button type='submit' disabled={picked === null || picked.file.lines.length === 0 || running}>{running ? 'Uploading…' : 'Upload'}</button>
      </form>
      {readError !== null && <ErrorNotice action='The file could not be read' error={readError} />}
      {upload.state !== 'idle' && <Progress total={upload.total} processed={upload.processed} rejected={upload.rejected.length} done={upload.state === 'done'} />}
      {upload.state === 'done' && (
        <p class='notice' role='status' data-testid='upload-summary'>
          Done: {upload.created} created, {upload.replaced} replaced, {upload.rejected.length} rejected.
        </p>
      )}
      {upload.state === 'failed' && <ErrorNotice action='The upload stopped' error={upload.error} />}
      {upload.rejected.length > 0 && <RejectedLines rejected={upload.rejected} name={picked?.name ?? 'upload'} />}
    </section>
  )
}

function Progress ({ total, processed, rejected, done }: { total: number, processed: number, rejected: number, done: boolean }) {
  return (
    <div class='progress'>
      <label for='upload-progress'>Progress</label>
      <progress id='upload-progress' max={Math.max(total, 1)} value={processed} />
      <span class='small' aria-live='polite'>{processed} of {total} processed{rejected > 0 ? `, ${rejected} rejected` : ''}{done ? '' : '…'}</span>
    </div>
  )
}

function RejectedLines ({ rejected, name }: { rejected: Rejected[], name: string }) {
  // The same lines as the import command's rejects file, for fixing and uploading again.
  const href = useMemo(() => URL.createObjectURL(new Blob(rejected.map(r => `${JSON.stringify(r)}\n`), { type: 'application/x-ndjson' })), [rejected])
  useEffect(() => () => { URL.revokeObjectURL(href) }, [href])
  return (
    <div class='rejected'>
      <h3>{plural(rejected.length, 'rejected line')}</h3>
      <p><a class='button secondary' href={href} download={`rejected-${name.replace(/\.[^.]*$/, '')}.ndjson`}>Download the rejected lines</a></p>
      <DataTable
        caption='Rejected lines and their problems' rows={rejected}
        columns={[
          { header: 'Where', cell: r => <code>{r.origin}</code> },
          { header: 'Status', cell: r => r.status, numeric: true },
          { header: 'Code', cell: r => <code>{r.code}</code> },
          { header: 'Problem', cell: r => r.detail }
        ]}
      />
    </div>
  )
}
