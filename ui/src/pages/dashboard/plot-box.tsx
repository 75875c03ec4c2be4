import { useEffect, useRef, useState } from 'preact/hooks'

export type Draw<T> = (data: T, width: number) => Element

/**
 * Hosts one Observable Plot chart: drawn for the box's width (redrawn when it changes: phones, resized windows)
 * and when its data changes. The new SVG replaces the old one in a single DOM operation, so a refresh never
 * shows an empty box.
 */
export function PlotBox<T> ({ data, draw, label }: { data: T, draw: Draw<T>, label: string }) {
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const element = box.current!
    const observer = new ResizeObserver(([entry]) => {
      const next = Math.floor(entry?.contentRect.width ?? 0)
      setWidth(previous => Math.abs(previous - next) < 8 ? previous : next)
    })
    observer.observe(element)
    return () => { observer.disconnect() }
  }, [])
  useEffect(() => {
    if (width === 0) return
    const chart = draw(data, width)
    // The box is the accessible image (role img, labelled); the chart's own ARIA marks would only add noise.
    chart.setAttribute('aria-hidden', 'true')
    box.current?.replaceChildren(chart)
  }, [data, draw, width])
  // The chart is a picture for sighted users; its table (next to it) is what assistive technology reads.
  return <div ref={box} class='plot' role='img' aria-label={label} />
}
