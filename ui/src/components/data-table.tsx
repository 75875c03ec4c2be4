import type { ComponentChildren } from 'preact'

interface Column<T> {
  header: string
  cell: (row: T) => ComponentChildren
  numeric?: boolean
}

/** A chart's data as a table: what screen readers read and what anyone can copy. */
export function DataTable<T> ({ caption, columns, rows }: { caption: string, columns: Array<Column<T>>, rows: T[] }) {
  return (
    <table class='data'>
      <caption>{caption}</caption>
      <thead><tr>{columns.map(column => <th key={column.header} scope='col' class={column.numeric === true ? 'num' : undefined}>{column.header}</th>)}</tr></thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>{columns.map(column => <td key={column.header} class={column.numeric === true ? 'num' : undefined}>{column.cell(row)}</td>)}</tr>
        ))}
      </tbody>
    </table>
  )
}
