import { PassThrough, type Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { ConsolidatedReportData, ExportValue } from './consolidated-report-data.js'
import { indicatorRows, allIndicators, isNumericType, type ExportIndicator } from './form-shape.js'
import { placeDateLine, writeOfficialHeader, writeTitleLine } from './official-header.js'
import { excelCellText } from './safe-text.js'
import { FORM_HEADERS, TABLE_HEADERS, TOTAL_LABEL } from './template-data.js'
import { totalFormula } from './template-workbook.js'
import { numberFormatFor } from './template-validation.js'
import { addMetaSheet } from './tonghop-meta-sheet.js'
import { BORDER_ALL, CENTER, FORMAT_INTEGER, LEFT_WRAP, a4PageSetup, columnLetter, font, roman } from './workbook-style.js'

export const SUMMARY_SHEET = 'Tổng hợp'
export const DETAIL_SHEET = 'Chi tiết'
export const COMPLETENESS_SHEET = 'Tình hình báo cáo'
export const TEXTS_SHEET = 'Ý kiến'
export const SUMMARY_EXTRA_HEADERS = ['Lũy kế', 'Cùng kỳ năm trước', 'Thay đổi', 'Chỉ tiêu', 'Đánh giá'] as const

type Sheet = ExcelJS.Worksheet
type Output = Writable | { filename: string }

/**
 * Writes the consolidated workbook with exceljs's streaming WorkbookWriter: every sheet is written top to bottom and
 * each row committed, so memory stays bounded however many children "Chi tiết" has. Pure: data in, bytes out.
 */
export async function writeConsolidatedWorkbook(data: ConsolidatedReportData, output: Output): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ ...('filename' in output ? { filename: output.filename } : { stream: output }), useStyles: true, useSharedStrings: false })
  wb.creator = 'tonghop'
  writeSummarySheet(wb, data)
  writeDetailSheet(wb, data)
  writeCompletenessSheet(wb, data)
  writeTextsSheet(wb, data)
  addMetaSheet(wb as unknown as ExcelJS.Workbook, { form: data.form.code, version: data.form.version, period: data.period.id, unit: data.unit.code, scope: 'consolidated', layout: 'form' })
  await wb.commit()
}

export async function consolidatedWorkbookBuffer(data: ConsolidatedReportData): Promise<Buffer> {
  const sink = new PassThrough()
  const chunks: Buffer[] = []
  sink.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve)
    sink.on('error', reject)
  })
  await writeConsolidatedWorkbook(data, sink)
  sink.end()
  await done
  return Buffer.concat(chunks)
}

function text(v: string): string {
  return excelCellText(v)
}

interface CellOpts {
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

function alignKey(align: Partial<ExcelJS.Alignment>): string {
  let id = alignIds.get(align)
  if (id === undefined) {
    id = JSON.stringify(align)
    alignIds.set(align, id)
  }
  return id
}

function sharedStyle(opts: CellOpts): Partial<ExcelJS.Style> {
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

function setCell(cell: ExcelJS.Cell, value: ExcelJS.CellValue, opts: CellOpts = {}): void {
  setStyled(cell, value, sharedStyle(opts))
}

/** The hot path: a style looked up once per column. */
function setStyled(cell: ExcelJS.Cell, value: ExcelJS.CellValue, style: Partial<ExcelJS.Style>): void {
  cell.value = typeof value === 'string' ? text(value) : value
  cell.style = style
}

function headerCell(cell: ExcelJS.Cell, value: string): void {
  setCell(cell, value, { bold: true, align: CENTER, fill: 'FFE7EEF7' })
}

function printable(v: ExportValue | undefined): ExcelJS.CellValue {
  if (v === undefined || v === null) return null
  if (typeof v === 'boolean') return v ? 'Có' : 'Không'
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  return v
}

function commitAll(ws: Sheet): void {
  ;(ws as unknown as { commit: () => void }).commit()
}

function commitRow(ws: Sheet, row: number): void {
  ws.getRow(row).commit()
}

function formTitleLines(ws: Sheet, row: number, width: number, data: ConsolidatedReportData): number {
  const title = data.form.title.replace(/^báo cáo\s+/i, '')
  writeTitleLine(ws, row, width, 'BÁO CÁO', { bold: true, size: 14 })
  writeTitleLine(ws, row + 1, width, title.toLocaleUpperCase('vi'), { bold: true })
  let r = row + 2
  if (data.document) writeTitleLine(ws, r++, width, `Thực hiện ${data.document.symbol}: ${data.document.title}`, { italic: true })
  writeTitleLine(ws, r++, width, `Kỳ báo cáo: ${data.period.label}`, { bold: true })
  writeTitleLine(ws, r++, width, `(Biểu mẫu ${data.form.code}, phiên bản ${data.form.version})`, { italic: true, size: 11 })
  return r + 1
}

function writeSummarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: ConsolidatedReportData): void {
  const width = FORM_HEADERS.length + SUMMARY_EXTRA_HEADERS.length
  // The streaming writer emits sheet views when the sheet is created, so the frozen header row is found by a dry run
  // of the same header code on a scratch in-memory sheet.
  const scratch = new ExcelJS.Workbook().addWorksheet('x')
  const frozenRow = formTitleLines(scratch, writeOfficialHeader(scratch, data.unit, { numberLine: data.numberLine, dateLine: '', width }), width, data)
  const ws = wb.addWorksheet(SUMMARY_SHEET, { pageSetup: a4PageSetup(true, null), views: [{ state: 'frozen', ySplit: frozenRow, xSplit: 0, showGridLines: false }] }) as unknown as Sheet
  const labelWidth = Math.min(70, Math.max(30, ...allIndicators(data.form).map((i) => Math.ceil(i.label.length * 0.9))))
  ws.columns = [{ width: 6 }, { width: 13 }, { width: labelWidth }, { width: 12 }, { width: 15 }, { width: 15 }, { width: 15 }, { width: 13 }, { width: 14 }, { width: 12 }]
  let row = writeOfficialHeader(ws, data.unit, { numberLine: data.numberLine, dateLine: placeDateLine(data.unit, data.date, Number(data.date.slice(0, 4))), width })
  row = formTitleLines(ws, row, width, data)
  const headerRow = row
  ;[...FORM_HEADERS, ...SUMMARY_EXTRA_HEADERS].forEach((h, i) => headerCell(ws.getCell(headerRow, i + 1), h))
  ws.getRow(headerRow).height = 32
  ws.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`
  if (headerRow !== frozenRow) throw new Error(`header row ${headerRow} ≠ frozen row ${frozenRow}`)
  row++
  const rowOf = indicatorRows(data.form, row)
  data.form.sections.forEach((section, si) => {
    setCell(ws.getCell(row, 1), roman(si + 1), { bold: true, align: CENTER })
    setCell(ws.getCell(row, 2), null)
    setCell(ws.getCell(row, 3), section.title, { bold: true })
    for (let c = 4; c <= width; c++) setCell(ws.getCell(row, c), null)
    row++
    section.indicators.forEach((ind, ii) => {
      const d = data.rows[ind.code]
      const fmt = numberFormatFor(ind)
      const numAlign: Partial<ExcelJS.Alignment> = { horizontal: 'right', vertical: 'middle', wrapText: true }
      setCell(ws.getCell(row, 1), ii + 1, { align: CENTER })
      setCell(ws.getCell(row, 2), ind.code, { align: CENTER })
      setCell(ws.getCell(row, 3), ind.label)
      setCell(ws.getCell(row, 4), ind.unitOfMeasure ?? '', { align: CENTER })
      const value = printable(d?.value)
      const num = ind.numeratorCode ? rowOf.get(ind.numeratorCode) : undefined
      const den = ind.denominatorCode ? rowOf.get(ind.denominatorCode) : undefined
      const denValue = ind.denominatorCode ? data.rows[ind.denominatorCode]?.value : undefined
      if (ind.valueType === 'ratio' && num && den && typeof value === 'number' && typeof denValue === 'number' && denValue !== 0) {
        // Excel recomputes the ratio from the components printed above; the cached result is the engine's figure.
        setCell(ws.getCell(row, 5), { formula: `E${num}/E${den}`, result: value, date1904: false }, { align: numAlign, numFmt: fmt })
      } else {
        setCell(ws.getCell(row, 5), ind.valueType === 'text' ? null : value, { align: ind.valueType === 'text' ? LEFT_WRAP : numAlign, numFmt: fmt })
      }
      setCell(ws.getCell(row, 6), printable(d?.ytd), { align: numAlign, numFmt: fmt })
      setCell(ws.getCell(row, 7), printable(d?.lastYear), { align: numAlign, numFmt: fmt })
      const change = d?.change ?? (typeof d?.value === 'number' && typeof d?.lastYear === 'number' ? d.value - d.lastYear : null)
      setCell(ws.getCell(row, 8), change, { align: numAlign, numFmt: ind.valueType === 'ratio' ? '+0.0%;-0.0%;0.0%' : ind.valueType === 'integer' ? '+#,##0;-#,##0;0' : '+#,##0.00;-#,##0.00;0' })
      setCell(ws.getCell(row, 9), printable(d?.target), { align: numAlign, numFmt: fmt })
      setCell(ws.getCell(row, 10), ind.valueType === 'text' ? `Xem sheet "${TEXTS_SHEET}"` : (d?.status ?? null), { align: CENTER, bold: d?.status === 'Chưa đạt' })
      row++
    })
  })
  row = writeClosing(ws, row + 1, width, data)
  commitAll(ws)
}

/** "Nơi nhận:" on the left, the signature block on the right. */
function writeClosing(ws: Sheet, start: number, width: number, data: ConsolidatedReportData): number {
  const leftEnd = Math.max(2, Math.floor(width * 0.45))
  const plain = { border: false as const }
  const recipients = data.recipients.length > 0 ? data.recipients : ['Lưu.']
  // The "- " list marker is the official format, written as a plain string cell on purpose (our text, not a formula);
  // the recipient text after it comes from configuration or arguments.
  const left: { text: string; bold?: boolean; italic?: boolean; raw?: boolean }[] = [{ text: 'Nơi nhận:', bold: true, italic: true }, ...recipients.map((r) => ({ text: `- ${r.replace(/^[\s\-–]+/, '')}`, raw: true }))]
  const titleLines = data.signer.title.split('\n').filter(Boolean)
  const right: { text: string; bold?: boolean; italic?: boolean }[] = [...titleLines.map((t) => ({ text: t.toLocaleUpperCase('vi'), bold: true })), { text: '' }, { text: '' }, { text: '' }, { text: data.signer.name, bold: true }]
  const rows = Math.max(left.length, right.length)
  for (let i = 0; i < rows; i++) {
    const r = start + i
    const l = left[i]
    if (l) {
      ws.mergeCells(r, 1, r, leftEnd)
      setCell(ws.getCell(r, 1), l.text, { ...plain, bold: l.bold, italic: l.italic, size: i === 0 ? 12 : 11, align: { horizontal: 'left', vertical: 'top' } })
      if (l.raw) ws.getCell(r, 1).value = l.text
    }
    const rt = right[i]
    if (rt && rt.text !== '') {
      ws.mergeCells(r, leftEnd + 1, r, width)
      setCell(ws.getCell(r, leftEnd + 1), rt.text, { ...plain, bold: rt.bold, align: CENTER })
    }
  }
  return start + rows
}

function detailColumns(data: ConsolidatedReportData): ExportIndicator[] {
  return allIndicators(data.form).filter((i) => i.valueType !== 'text')
}

function writeDetailSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: ConsolidatedReportData): void {
  const inds = detailColumns(data)
  const width = TABLE_HEADERS.length + inds.length
  const firstDataRow = 6
  const ws = wb.addWorksheet(DETAIL_SHEET, {
    pageSetup: a4PageSetup(width > 8, { from: 4, to: 5 }),
    views: [{ state: 'frozen', ySplit: 5, xSplit: 3, showGridLines: false }],
  }) as unknown as Sheet
  ws.columns = [{ width: 6 }, { width: 16 }, { width: 36 }, ...inds.map((i) => ({ width: Math.max(12, Math.min(18, i.code.length + 8)) }))]
  writeTitleLine(ws, 1, width, `CHI TIẾT THEO ĐƠN VỊ - ${data.form.title.toLocaleUpperCase('vi')}`, { bold: true })
  writeTitleLine(ws, 2, width, `${data.unit.name} - Kỳ báo cáo: ${data.period.label}`, { italic: true })
  commitRow(ws, 2)
  ;['', '', 'Chỉ tiêu'].forEach((t, i) => headerCell(ws.getCell(4, i + 1), t))
  inds.forEach((ind, i) => headerCell(ws.getCell(4, 4 + i), ind.unitOfMeasure ? `${ind.label} (${ind.unitOfMeasure})` : ind.label))
  ws.getRow(4).height = 96
  TABLE_HEADERS.forEach((h, i) => headerCell(ws.getCell(5, i + 1), h))
  inds.forEach((ind, i) => headerCell(ws.getCell(5, 4 + i), ind.code))
  commitRow(ws, 5)
  const colOf = new Map(inds.map((ind, i) => [ind.code, columnLetter(4 + i)]))
  const n = data.children.length
  const last = firstDataRow + n - 1
  // Running totals give the formulas' cached results (what Excel recomputes), without holding the rows.
  const sums = new Map<string, number>()
  const weighted = new Map<string, { sw: number; swx: number }>()
  const yesCount = new Map<string, { yes: number; filled: number }>()
  const numAlign: Partial<ExcelJS.Alignment> = { horizontal: 'right', vertical: 'middle' }
  const centerStyle = sharedStyle({ align: CENTER })
  const nameStyle = sharedStyle({})
  const colStyles = inds.map((ind) => sharedStyle({ align: isNumericType(ind.valueType) || ind.valueType === 'ratio' ? numAlign : CENTER, numFmt: numberFormatFor(ind) }))
  data.children.forEach((child, ci) => {
    const r = firstDataRow + ci
    const row = ws.getRow(r)
    setStyled(row.getCell(1), ci + 1, centerStyle)
    setStyled(row.getCell(2), child.code, centerStyle)
    setStyled(row.getCell(3), child.name, nameStyle)
    inds.forEach((ind, i) => {
      const cell = row.getCell(4 + i)
      const style = colStyles[i] as Partial<ExcelJS.Style>
      if (ind.valueType === 'ratio') {
        const nc = ind.numeratorCode ? colOf.get(ind.numeratorCode) : undefined
        const dc = ind.denominatorCode ? colOf.get(ind.denominatorCode) : undefined
        const nv = asNumber(nc ? child.values[ind.numeratorCode as string] : child.numerators?.[ind.code])
        const dv = asNumber(dc ? child.values[ind.denominatorCode as string] : child.denominators?.[ind.code])
        const result = nv !== null && dv !== null && dv !== 0 ? nv / dv : ''
        // A value, not a per-row formula: the total row's formula recomputes from the components, and formulas on
        // every row cost ~30% of the export's time (bench/export-bench.ts).
        setStyled(cell, result === '' ? null : result, style)
        return
      }
      const v = child.values[ind.code]
      setStyled(cell, printable(v), style)
      const x = asNumber(v)
      if (x !== null && isNumericType(ind.valueType)) {
        sums.set(ind.code, (sums.get(ind.code) ?? 0) + x)
        if (ind.weightCode) {
          const w = asNumber(child.values[ind.weightCode])
          const acc = weighted.get(ind.code) ?? { sw: 0, swx: 0 }
          if (w !== null) weighted.set(ind.code, { sw: acc.sw + w, swx: acc.swx + w * x })
        }
      }
      if (ind.valueType === 'boolean' && v !== null && v !== undefined && v !== '') {
        const acc = yesCount.get(ind.code) ?? { yes: 0, filled: 0 }
        yesCount.set(ind.code, { yes: acc.yes + (v === true || v === 'Có' ? 1 : 0), filled: acc.filled + 1 })
      }
    })
    commitRow(ws, r)
  })
  const totalRow = last + 1
  const range = (code: string): string | null => {
    const c = colOf.get(code)
    return c && n > 0 ? `${c}${firstDataRow}:${c}${last}` : null
  }
  setCell(ws.getCell(totalRow, 1), null)
  setCell(ws.getCell(totalRow, 2), null)
  setCell(ws.getCell(totalRow, 3), TOTAL_LABEL, { bold: true, align: CENTER })
  inds.forEach((ind, i) => {
    const cell = ws.getCell(totalRow, 4 + i)
    const fmt = numberFormatFor(ind)
    let formula: string | null = null
    let result: number | string = ''
    if (ind.valueType === 'ratio') {
      const nr = ind.numeratorCode ? range(ind.numeratorCode) : null
      const dr = ind.denominatorCode ? range(ind.denominatorCode) : null
      if (nr && dr) {
        formula = `SUM(${nr})/SUM(${dr})`
        const s = sums.get(ind.denominatorCode as string) ?? 0
        result = s !== 0 ? (sums.get(ind.numeratorCode as string) ?? 0) / s : ''
      }
    } else {
      formula = totalFormula(ind, range)
      if (ind.valueType === 'integer' || (ind.valueType === 'decimal' && !ind.weightCode)) result = sums.get(ind.code) ?? 0
      else if (ind.valueType === 'decimal') {
        const w = weighted.get(ind.code)
        result = w && w.sw !== 0 ? w.swx / w.sw : ''
      } else if (ind.valueType === 'boolean') {
        const y = yesCount.get(ind.code) ?? { yes: 0, filled: 0 }
        result = `${y.yes}/${y.filled}`
      }
    }
    setCell(cell, formula ? { formula, result, date1904: false } : null, { bold: true, align: numAlign, numFmt: fmt })
  })
  commitRow(ws, totalRow)
  commitAll(ws)
}

function asNumber(v: ExportValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

const STATUS_LABEL = { received: 'Đã nhận', late: 'Nộp muộn', missing: 'Chưa nộp' } as const

function writeCompletenessSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: ConsolidatedReportData): void {
  const width = 6
  const ws = wb.addWorksheet(COMPLETENESS_SHEET, { pageSetup: a4PageSetup(false, { from: 5, to: 5 }), views: [{ state: 'frozen', ySplit: 5, xSplit: 0, showGridLines: false }] }) as unknown as Sheet
  ws.columns = [{ width: 6 }, { width: 16 }, { width: 40 }, { width: 14 }, { width: 12 }, { width: 14 }]
  const c = data.completeness
  const received = c.filter((e) => e.status !== 'missing').length
  const late = c.filter((e) => e.status === 'late').length
  writeTitleLine(ws, 1, width, 'TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ', { bold: true })
  writeTitleLine(ws, 2, width, `${data.form.code} - ${data.period.label}`, { italic: true })
  writeTitleLine(ws, 3, width, `Phải báo cáo: ${c.length}; đã nhận: ${received} (đúng hạn ${received - late}, muộn ${late}); chưa nộp: ${c.length - received}`)
  ;['STT', 'Mã đơn vị', 'Tên đơn vị', 'Tình trạng', 'Số ngày muộn', 'Ngày nhận'].forEach((h, i) => headerCell(ws.getCell(5, i + 1), h))
  c.forEach((e, i) => {
    const r = 6 + i
    setCell(ws.getCell(r, 1), i + 1, { align: CENTER })
    setCell(ws.getCell(r, 2), e.code, { align: CENTER })
    setCell(ws.getCell(r, 3), e.name)
    setCell(ws.getCell(r, 4), STATUS_LABEL[e.status], { align: CENTER, bold: e.status === 'missing' })
    setCell(ws.getCell(r, 5), e.status === 'late' ? e.lateDays : null, { align: CENTER, numFmt: FORMAT_INTEGER })
    setCell(ws.getCell(r, 6), e.receivedAt ? formatDmy(e.receivedAt) : null, { align: CENTER })
  })
  commitAll(ws)
}

function formatDmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso
}

function writeTextsSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: ConsolidatedReportData): void {
  const width = 3
  const ws = wb.addWorksheet(TEXTS_SHEET, { pageSetup: a4PageSetup(false, { from: 3, to: 3 }), views: [{ state: 'frozen', ySplit: 3, xSplit: 0, showGridLines: false }] }) as unknown as Sheet
  ws.columns = [{ width: 10 }, { width: 40 }, { width: 70 }]
  writeTitleLine(ws, 1, width, `Ý KIẾN, ĐÁNH GIÁ CỦA CÁC ĐƠN VỊ - ${data.period.label}`, { bold: true })
  ;['Mã chỉ tiêu', 'Chỉ tiêu', 'Nội dung'].forEach((h, i) => headerCell(ws.getCell(3, i + 1), h))
  const labels = new Map(allIndicators(data.form).map((i) => [i.code, i.label]))
  let r = 4
  let currentUnit: string | null = null
  for (const t of data.texts) {
    if (t.unitName !== currentUnit) {
      currentUnit = t.unitName
      ws.mergeCells(r, 1, r, width)
      setCell(ws.getCell(r, 1), t.unitName, { bold: true, fill: 'FFF2F2F2' })
      r++
    }
    setCell(ws.getCell(r, 1), t.indicatorCode, { align: CENTER })
    setCell(ws.getCell(r, 2), labels.get(t.indicatorCode) ?? '')
    setCell(ws.getCell(r, 3), t.text)
    ws.getRow(r).height = Math.min(300, 18 * Math.max(1, Math.ceil(t.text.length / 80)))
    r++
  }
  commitAll(ws)
}
