import type { Analysis } from '../../api/types.ts'
import { ValueTree, words } from '../../components/value-tree.tsx'

/** The parts of an analysis in the order a curator reads them; anything else the document holds follows. */
const ORDER = ['environment', 'technical_aspects', 'lighting', 'subject', 'clothing', 'objects', 'negative_prompt']

export function AnalysisSections ({ analysis }: { analysis: Analysis }) {
  const body = analysis.image_analysis
  const keys = [...ORDER.filter(key => key in body), ...Object.keys(body).filter(key => !ORDER.includes(key))]
  return (
    <div class='sections'>
      {keys.map(key => (
        <section key={key} class='section' aria-labelledby={`section-${key}`}>
          <h2 id={`section-${key}`}>{words(key)}</h2>
          {key === 'lighting' ? <Lighting value={body[key]} /> : <ValueTree value={body[key]} />}
        </section>
      ))}
    </div>
  )
}

/** Lighting reads best as its condition, then one block per source. */
function Lighting ({ value }: { value: unknown }) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return <ValueTree value={value} />
  const { sources, ...rest } = value as Record<string, unknown>
  return (
    <>
      <ValueTree value={rest} />
      {Array.isArray(sources) && (
        <>
          <h3>{sources.length === 1 ? 'Source' : `${sources.length} sources`}</h3>
          <ol class='light-sources'>
            {sources.map((source, i) => <li key={i}><ValueTree value={source} /></li>)}
          </ol>
        </>
      )}
    </>
  )
}
