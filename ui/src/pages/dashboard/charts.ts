import { barX, barY, cell, lineY, plot, ruleX, ruleY, text } from '@observablehq/plot'
import type { Dashboard } from '../../api/types.ts'

/**
 * The dashboard's charts, drawn with Observable Plot as SVG: each bar, cell and line is an element with its
 * datum's title, which the browser tests read to check that a chart shows the API's numbers.
 */
type ValueCounts = Dashboard['top_values']['setting']
const BAR = '#2f6690'
const clip = (limit: number) => (text: string) => text.length > limit ? `${text.slice(0, limit - 1)}…` : text

export function drawTopValues (rows: ValueCounts, width: number): Element {
  return plot({
    width,
    height: Math.max(60, rows.length * 22 + 36),
    marginLeft: Math.min(150, Math.round(width * 0.4)),
    x: { label: 'analyses →', grid: true, nice: true },
    y: { label: null, domain: rows.map(row => row.value), tickFormat: clip(width < 400 ? 16 : 24) },
    marks: [
      barX(rows, { x: 'count', y: 'value', fill: BAR, title: (row: ValueCounts[number]) => `${row.value}: ${row.count}` }),
      ruleX([0])
    ]
  })
}

export function drawFocalBuckets (buckets: Dashboard['focal_buckets'], width: number): Element {
  return plot({
    width,
    height: 220,
    x: { label: 'focal length (mm)', domain: buckets.map(bucket => bucket.label) },
    y: { label: '↑ analyses', grid: true, nice: true },
    marks: [
      barY(buckets, { x: 'label', y: 'count', fill: BAR, title: (bucket: Dashboard['focal_buckets'][number]) => `${bucket.label} mm: ${bucket.count}` }),
      ruleY([0])
    ]
  })
}

type Day = Dashboard['ingested_per_day']['days'][number]

export function drawIngestion (days: Day[], width: number): Element {
  return plot({
    width,
    height: 220,
    x: { type: 'utc', label: null },
    y: { label: '↑ analyses ingested', grid: true, nice: true },
    marks: [
      ruleY([0]),
      lineY(days, { x: (day: Day) => new Date(`${day.date}T00:00:00Z`), y: 'count', stroke: BAR, strokeWidth: 2, title: (day: Day) => `${day.date}: ${day.count}` })
    ]
  })
}

export interface MatrixCell { mood: string, setting: string, count: number }

export function matrixCells (matrix: Dashboard['mood_by_setting']): MatrixCell[] {
  return matrix.moods.flatMap((mood, i) => matrix.settings.map((setting, j) => ({ mood, setting, count: matrix.counts[i]?.[j] ?? 0 })))
}

export function drawHeatmap (matrix: Dashboard['mood_by_setting'], width: number): Element {
  const cells = matrixCells(matrix)
  const max = Math.max(1, ...cells.map(c => c.count))
  const chartWidth = Math.max(width, 520)
  const label = { x: 'setting', y: 'mood', text: (c: MatrixCell) => String(c.count), fontSize: 11 }
  return plot({
    width: chartWidth,
    height: matrix.moods.length * 30 + 110,
    marginLeft: 110,
    marginBottom: 100,
    x: { label: null, domain: matrix.settings, tickRotate: -40, tickFormat: clip(16) },
    y: { label: null, domain: matrix.moods, tickFormat: clip(14) },
    color: { type: 'linear', range: ['#eef4fa', '#15406b'], domain: [0, max] },
    marks: [
      cell(cells, { x: 'setting', y: 'mood', fill: 'count', inset: 1, title: (c: MatrixCell) => `${c.mood} × ${c.setting}: ${c.count}` }),
      // Labels in two marks, not a fill channel: channel values would go through the color scale.
      text(cells.filter(c => c.count > max / 2), { ...label, fill: 'white' }),
      text(cells.filter(c => c.count <= max / 2), { ...label, fill: '#111' })
    ]
  })
}
