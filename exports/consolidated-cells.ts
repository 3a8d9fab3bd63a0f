import type ExcelJS from 'exceljs'
import type { ExportValue } from './consolidated-report-data.js'
import { withQuotePrefix } from './quote-prefix.js'
import { excelCellText, looksLikeFormula } from './safe-text.js'
import { BORDER_ALL, CENTER, LEFT_WRAP, font } from './workbook-style.js'

// Cell writing shared by the consolidated workbook's sheets.

export interface CellOpts {
  bold?: boolean
  italic?: boolean
  align?: Partial<ExcelJS.Alignment>
  numFmt?: string
  border?: boolean
  /** ARGB background. */
  fill?: string
  size?: number
}

// exceljs caches style ids by style-object identity (a WeakMap), so cells with the same look share ONE style object:
// writing a formatted cell then costs about as much as a bare one. Never mutate a cell's style after setCell.
const styleCache = new Map<string, Partial<ExcelJS.Style>>()
const alignIds = new WeakMap<object, string>()
const quotedStyles = new WeakMap<object, Partial<ExcelJS.Style>>()

function alignKey(align: Partial<ExcelJS.Alignment>): string {
  let id = alignIds.get(align)
  if (id === undefined) {
    id = JSON.stringify(align)
    alignIds.set(align, id)
  }
  return id
}

export function sharedStyle(opts: CellOpts): Partial<ExcelJS.Style> {
  const align = opts.align ?? LEFT_WRAP
  const key = `${opts.bold ? 1 : 0}|${opts.italic ? 1 : 0}|${opts.numFmt ?? ''}|${opts.border === false ? 0 : 1}|${opts.fill ?? ''}|${opts.size ?? 12}|${alignKey(align)}`
  let style = styleCache.get(key)
  if (!style) {
    style = {
      font: font({ bold: opts.bold ?? false, italic: opts.italic ?? false, size: opts.size ?? 12 }),
      alignment: align,
      ...(opts.border === false ? {} : { border: BORDER_ALL }),
      ...(opts.numFmt ? { numFmt: opts.numFmt } : {}),
      ...(opts.fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: opts.fill } } as ExcelJS.Fill } : {}),
    }
    styleCache.set(key, style)
  }
  return style
}

/** The same style with the quote prefix: text that looks like a formula stays text, shown as written. */
function quotedStyle(style: Partial<ExcelJS.Style>): Partial<ExcelJS.Style> {
  let q = quotedStyles.get(style)
  if (!q) {
    q = { ...style, alignment: withQuotePrefix(style.alignment ?? LEFT_WRAP) }
    quotedStyles.set(style, q)
  }
  return q
}

export function setCell(cell: ExcelJS.Cell, value: ExcelJS.CellValue, opts: CellOpts = {}): void {
  setStyled(cell, value, sharedStyle(opts))
}

/** The hot path: a style looked up once per column. */
export function setStyled(cell: ExcelJS.Cell, value: ExcelJS.CellValue, style: Partial<ExcelJS.Style>): void {
  if (typeof value === 'string') {
    cell.value = excelCellText(value)
    cell.style = looksLikeFormula(value) ? quotedStyle(style) : style
    return
  }
  cell.value = value
  cell.style = style
}

export function headerCell(cell: ExcelJS.Cell, value: string): void {
  setCell(cell, value, { bold: true, align: CENTER, fill: 'FFE7EEF7' })
}

export function printable(v: ExportValue | undefined): ExcelJS.CellValue {
  if (v === undefined || v === null) return null
  if (typeof v === 'boolean') return v ? 'Có' : 'Không'
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  return v
}

export function asNumber(v: ExportValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

export function commitAll(ws: ExcelJS.Worksheet): void {
  ;(ws as unknown as { commit: () => void }).commit()
}

export function commitRow(ws: ExcelJS.Worksheet, row: number): void {
  ws.getRow(row).commit()
}
