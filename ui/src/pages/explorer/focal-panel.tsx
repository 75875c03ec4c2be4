import { useEffect, useState } from 'preact/hooks'
import type { FocalBucket } from '../../api/types.ts'
import type { SearchState } from '../../lib/search-state.ts'

interface Props {
  buckets: FocalBucket[]
  state: SearchState
  onRange: (min: string | undefined, max: string | undefined) => void
}

const bound = (value: number | null) => value === null ? undefined : String(value)

/**
 * Focal length: the API's buckets (counted under every selection except the focal range) pick a range in one
 * click; the two inputs take any range. Both become focal_min / focal_max.
 */
export function FocalPanel ({ buckets, state, onRange }: Props) {
  const [min, setMin] = useState(state.focalMin ?? '')
  const [max, setMax] = useState(state.focalMax ?? '')
  useEffect(() => { setMin(state.focalMin ?? ''); setMax(state.focalMax ?? '') }, [state.focalMin, state.focalMax])
  const chosen = (bucket: FocalBucket) => bound(bucket.min) === state.focalMin && bound(bucket.max) === state.focalMax
  const any = state.focalMin === undefined && state.focalMax === undefined
  return (
    <details class='facet' open data-facet='focal_mm'>
      <summary>Focal length{!any && <span class='badge'> {state.focalMin ?? '…'}–{state.focalMax ?? '…'} mm</span>}</summary>
      <div class='facet-body'>
        <fieldset class='focal-buckets'>
          <legend class='visually-hidden'>Focal length range</legend>
          <label><input type='radio' name='focal' checked={any} onChange={() => { onRange(undefined, undefined) }} /> <span class='value'>Any</span></label>
          {buckets.map(bucket => (
            <label key={bucket.label}>
              <input type='radio' name='focal' checked={chosen(bucket)} onChange={() => { onRange(bound(bucket.min), bound(bucket.max)) }} />
              <span class='value'>{bucket.label} mm</span>
              <span class='count' data-count={bucket.count}>{bucket.count.toLocaleString('en')}</span>
            </label>
          ))}
        </fieldset>
        <form class='focal-range' onSubmit={event => { event.preventDefault(); onRange(min.trim() || undefined, max.trim() || undefined) }}>
          <label for='focal-min'>From (mm)</label>
          <input id='focal-min' type='number' inputMode='numeric' min={0} max={100000} value={min} onInput={event => { setMin(event.currentTarget.value) }} />
          <label for='focal-max'>to (mm)</label>
          <input id='focal-max' type='number' inputMode='numeric' min={0} max={100000} value={max} onInput={event => { setMax(event.currentTarget.value) }} />
          <button type='submit' class='secondary'>Apply range</button>
        </form>
      </div>
    </details>
  )
}
