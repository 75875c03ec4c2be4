import { highlightRuns } from '../lib/highlight.ts'

/** A highlight fragment as text with the matches marked; never parsed as HTML. */
export function Highlighted ({ fragment }: { fragment: string }) {
  return <>{highlightRuns(fragment).map((run, i) => run.match ? <mark key={i}>{run.text}</mark> : run.text)}</>
}
