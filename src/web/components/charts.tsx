import { useId, type ReactNode } from 'react'
import { num } from '../format'

// Small accessible SVG charts. Each is an image with a title and a description; the page puts its numbers beside it
// as a table (for screen readers, for print, for anyone who would rather read), from the same figures.

export interface Bar {
  key: string
  label: string
  value: number | null
  /** Text written at the end of the bar (defaults to the value). */
  text?: string
  tone?: 'ok' | 'bad' | 'none'
  /** This row's own target, drawn as a tick across its bar. */
  mark?: number | null
}

const ROW = 24
const LABEL_W = 200
const WIDTH = 560

function trim(s: string, max = 26): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

/** Horizontal bars, one per row, with an optional vertical target line. */
export function BarChart({ title, description, bars, max, target, unit = '' }: { title: string; description: string; bars: readonly Bar[]; max?: number; target?: { value: number; label: string } | null; unit?: string }) {
  const id = useId()
  const top = Math.max(max ?? 0, target?.value ?? 0, ...bars.map((b) => Math.max(b.value ?? 0, b.mark ?? 0)), 1)
  const plot = WIDTH - LABEL_W - 70
  const x = (v: number) => LABEL_W + (plot * v) / top
  const height = bars.length * ROW + 28
  return (
    <svg className="chart" role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" style={{ maxWidth: WIDTH }}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {bars.map((b, i) => (
        <g key={b.key} transform={`translate(0 ${i * ROW + 4})`}>
          <text x={LABEL_W - 6} y={ROW / 2 + 4} textAnchor="end" className="chart-label">
            {trim(b.label)}
          </text>
          {b.value !== null && <rect x={LABEL_W} y={3} height={ROW - 8} width={Math.max(1, x(b.value) - LABEL_W)} className={`chart-bar tone-${b.tone ?? 'none'}`} />}
          {b.mark !== null && b.mark !== undefined && <line x1={x(b.mark)} x2={x(b.mark)} y1={0} y2={ROW - 2} className="chart-mark" />}
          <text x={(b.value !== null ? x(b.value) : LABEL_W) + 4} y={ROW / 2 + 4} className="chart-value">
            {b.text ?? (b.value === null ? 'chưa có số liệu' : `${num(b.value)}${unit}`)}
          </text>
        </g>
      ))}
      {target && (
        <g>
          <line x1={x(target.value)} x2={x(target.value)} y1={0} y2={bars.length * ROW + 6} className="chart-target" />
          <text x={x(target.value)} y={bars.length * ROW + 22} textAnchor="middle" className="chart-label">
            {target.label}
          </text>
        </g>
      )}
    </svg>
  )
}

export interface Stack {
  key: string
  label: string
  parts: readonly { name: string; count: number }[]
}

const PALETTE = ['#145c2e', '#c98a00', '#7d8694', '#0b4f9c', '#9b1c1c', '#5b3f8c']

/** One stacked bar per row: counts per option (a legend names the colours; the table beside gives the numbers). */
export function StackedChart({ title, description, stacks, names }: { title: string; description: string; stacks: readonly Stack[]; names: readonly string[] }) {
  const id = useId()
  const plot = WIDTH - LABEL_W - 20
  const height = stacks.length * ROW + 34
  return (
    <svg className="chart" role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" style={{ maxWidth: WIDTH }}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {stacks.map((s, i) => {
        const total = s.parts.reduce((a, p) => a + p.count, 0)
        let at = LABEL_W
        return (
          <g key={s.key} transform={`translate(0 ${i * ROW + 4})`}>
            <text x={LABEL_W - 6} y={ROW / 2 + 4} textAnchor="end" className="chart-label">
              {trim(s.label)}
            </text>
            {names.map((name, k) => {
              const count = s.parts.find((p) => p.name === name)?.count ?? 0
              const w = total ? (plot * count) / total : 0
              const rect = w > 0 ? <rect key={name} x={at} y={3} width={w} height={ROW - 8} fill={PALETTE[k % PALETTE.length]} /> : null
              at += w
              return rect
            })}
          </g>
        )
      })}
      <g transform={`translate(${LABEL_W} ${stacks.length * ROW + 12})`}>
        {names.map((name, k) => (
          <g key={name} transform={`translate(${k * 120} 0)`}>
            <rect width={10} height={10} fill={PALETTE[k % PALETTE.length]} />
            <text x={14} y={10} className="chart-label">
              {trim(name, 18)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  )
}

/** A chart and its numbers side by side (stacked on narrow screens and on paper). */
export function ChartFigure({ heading, chart, table }: { heading: string; chart: ReactNode; table: ReactNode }) {
  return (
    <figure className="chart-figure">
      <figcaption>{heading}</figcaption>
      <div className="chart-body">
        <div className="chart-svg">{chart}</div>
        <div className="chart-table">{table}</div>
      </div>
    </figure>
  )
}
