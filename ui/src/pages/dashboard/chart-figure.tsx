import type { ComponentChildren } from 'preact'
import { PlotBox, type Draw } from './plot-box.tsx'

interface Props<T> {
  id: string
  title: string
  summary: string
  data: T
  draw: Draw<T>
  table: ComponentChildren
  wide?: boolean
}

/** A chart with its title, a one-line summary (the image's label) and its data table behind a disclosure. */
export function ChartFigure<T> ({ id, title, summary, data, draw, table, wide = false }: Props<T>) {
  return (
    <figure class={`chart${wide ? ' wide' : ''}`} data-chart={id} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {wide
        ? <div class='scroll' tabIndex={0} role='region' aria-label={`${title} (scrolls sideways)`}><PlotBox data={data} draw={draw} label={summary} /></div>
        : <PlotBox data={data} draw={draw} label={summary} />}
      <details class='chart-table'>
        <summary>Table</summary>
        {table}
      </details>
    </figure>
  )
}
