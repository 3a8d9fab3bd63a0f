import type { Worksheet } from 'exceljs'
import { CENTER, font } from './workbook-style.js'

/** What the official header block (domain.md §9) needs to know about the issuing unit. */
export interface HeaderUnit {
  name: string
  sector: string
  placeName: string | null
  headerSuperior: string | null
  headerName: string | null
}

export const PARTY_MOTTO = 'ĐẢNG CỘNG SẢN VIỆT NAM'
export const STATE_MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
export const STATE_SUBMOTTO = 'Độc lập - Tự do - Hạnh phúc'

/** "Phúc Lợi, ngày 15 tháng 3 năm 2026"; with no day/month (a template) "Phúc Lợi, ngày … tháng … năm 2026". */
export function placeDateLine(unit: HeaderUnit, date: string | null, year: number): string {
  const place = unit.placeName ?? unit.name
  if (!date) return `${place}, ngày … tháng … năm ${year}`
  const [y, m, d] = date.split('-').map(Number)
  return `${place}, ngày ${d} tháng ${m} năm ${y}`
}

/** Default number/symbol line: Party "Số …-BC/…", State "Số: …/BC-…". */
export function defaultNumberLine(unit: HeaderUnit): string {
  return unit.sector === 'state' ? 'Số:       /BC-' : 'Số       -BC/'
}

interface Line {
  text: string
  bold?: boolean
  italic?: boolean
  underline?: boolean
}

/**
 * Writes the header block at rows startRow… over `width` columns: left, the superior body and the issuing body in
 * capitals ("*" under them for the Party) and the number line; right, the national/Party motto and, in italics, the
 * place and date. Returns the first free row.
 */
export function writeOfficialHeader(ws: Worksheet, unit: HeaderUnit, opts: { numberLine: string; dateLine: string; width: number; startRow?: number }): number {
  const start = opts.startRow ?? 1
  const width = Math.max(opts.width, 4)
  const leftEnd = Math.max(2, Math.floor(width * 0.45))
  const issuer = (unit.headerName ?? unit.name).toLocaleUpperCase('vi')
  const party = unit.sector !== 'state'
  const left: Line[] = []
  if (unit.headerSuperior) left.push({ text: unit.headerSuperior.toLocaleUpperCase('vi') })
  left.push({ text: issuer, bold: true })
  if (party) left.push({ text: '*' })
  left.push({ text: opts.numberLine })
  const right: Line[] = party ? [{ text: PARTY_MOTTO, bold: true, underline: true }] : [{ text: STATE_MOTTO, bold: true }, { text: STATE_SUBMOTTO, bold: true, underline: true }]
  while (right.length < left.length - 1) right.push({ text: '' })
  right.push({ text: opts.dateLine, italic: true })
  const rows = Math.max(left.length, right.length)
  // The number line and the date line share the last row.
  const leftPadded: Line[] = [...left.slice(0, -1)]
  while (leftPadded.length < rows - 1) leftPadded.push({ text: '' })
  leftPadded.push(left[left.length - 1] as Line)
  for (let i = 0; i < rows; i++) {
    const r = start + i
    writeMerged(ws, r, 1, leftEnd, leftPadded[i])
    writeMerged(ws, r, leftEnd + 1, width, right[i])
  }
  return start + rows + 1
}

function writeMerged(ws: Worksheet, row: number, from: number, to: number, line: Line | undefined): void {
  if (!line || line.text === '') return
  if (to > from) ws.mergeCells(row, from, row, to)
  const cell = ws.getCell(row, from)
  cell.value = line.text
  cell.font = font({ bold: line.bold ?? false, italic: line.italic ?? false, underline: line.underline ?? false, size: line.italic ? 12 : 13 })
  cell.alignment = CENTER
}

/** A centred line across the sheet (titles). */
export function writeTitleLine(ws: Worksheet, row: number, width: number, text: string, style: { bold?: boolean; italic?: boolean; size?: number } = {}): void {
  if (width > 1) ws.mergeCells(row, 1, row, width)
  const cell = ws.getCell(row, 1)
  cell.value = text
  cell.font = font({ bold: style.bold ?? false, italic: style.italic ?? false, size: style.size ?? 13 })
  cell.alignment = CENTER
  ws.getRow(row).height = text.length > width * 12 ? 36 : 20
}
