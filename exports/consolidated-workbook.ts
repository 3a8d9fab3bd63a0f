import { PassThrough, type Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { ConsolidatedReportData } from './consolidated-report-data.js'
import { commitAll, headerCell, printable, setCell } from './consolidated-cells.js'
import { DETAIL_SHEET, writeDetailSheet } from './detail-sheet.js'
import { indicatorRows, allIndicators } from './form-shape.js'
import { placeDateLine, writeOfficialHeader, writeTitleLine } from './official-header.js'
import { FORM_HEADERS } from './template-data.js'
import { numberFormatFor } from './template-validation.js'
import { textsByUnit } from './texts-by-unit.js'
import { addMetaSheet } from './tonghop-meta-sheet.js'
import { CENTER, FORMAT_INTEGER, LEFT_WRAP, a4PageSetup, columnLetter, roman } from './workbook-style.js'

export const SUMMARY_SHEET = 'Tổng hợp'
export { DETAIL_SHEET }
export const COMPLETENESS_SHEET = 'Tình hình báo cáo'
export const TEXTS_SHEET = 'Ý kiến'
export const LAST_YEAR_ESTIMATED_NOTE = 'Ước tính theo tỷ lệ (đơn vị hình thành do chia tách)'
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
      if (ind.valueType === 'text') {
        writeTextNote(ws, row, width, data.texts.filter((t) => t.indicatorCode === ind.code).length)
        row++
        return
      }
      setCell(ws.getCell(row, 6), printable(d?.ytd), { align: numAlign, numFmt: fmt })
      setCell(ws.getCell(row, 7), printable(d?.lastYear), { align: numAlign, numFmt: fmt })
      // a predecessor's figure apportioned by a split's shares (#17): the value stays a number, the note says so
      if (d?.lastYearEstimated) ws.getCell(row, 7).note = LAST_YEAR_ESTIMATED_NOTE
      const change = d?.change ?? (typeof d?.value === 'number' && typeof d?.lastYear === 'number' ? d.value - d.lastYear : null)
      setCell(ws.getCell(row, 8), change, { align: numAlign, numFmt: ind.valueType === 'ratio' ? '+0.0%;-0.0%;0.0%' : ind.valueType === 'integer' ? '+#,##0;-#,##0;0' : '+#,##0.00;-#,##0.00;0' })
      setCell(ws.getCell(row, 9), printable(d?.target), { align: numAlign, numFmt: fmt })
      setCell(ws.getCell(row, 10), d?.status ?? null, { align: CENTER, bold: d?.status === 'Chưa đạt' })
      row++
    })
  })
  row = writeClosing(ws, row + 1, width, data)
  // The printed page is the table and its closing, nothing beside them.
  ws.pageSetup.printArea = `A1:${columnLetter(width)}${row - 1}`
  commitAll(ws)
}

/**
 * A text indicator has no figure: where the figures go (columns F–J) a note points to the "Ý kiến" sheet. It is one
 * cell merged across those columns and wrapped, so it stays inside the table on screen and on paper (a note in the
 * narrow "Đánh giá" column ran past the table's right edge). Column E stays empty: the importer reads it.
 */
function writeTextNote(ws: Sheet, row: number, width: number, count: number): void {
  const note = count > 0 ? `${count} ý kiến của các đơn vị: xem toàn văn theo từng đơn vị tại sheet "${TEXTS_SHEET}"` : `Chưa có ý kiến nào; khi có, xem tại sheet "${TEXTS_SHEET}"`
  setCell(ws.getCell(row, 6), note, { italic: true, align: LEFT_WRAP })
  ws.mergeCells(row, 6, row, width)
  ws.getRow(row).height = 32
}

/** "Nơi nhận:" on the left, the signature block on the right. */
function writeClosing(ws: Sheet, start: number, width: number, data: ConsolidatedReportData): number {
  const leftEnd = Math.max(2, Math.floor(width * 0.45))
  const plain = { border: false as const }
  const recipients = data.recipients.length > 0 ? data.recipients : ['Lưu.']
  // The "- " list marker is the official format; like any text starting with "-" it gets the quote prefix.
  const left: { text: string; bold?: boolean; italic?: boolean }[] = [{ text: 'Nơi nhận:', bold: true, italic: true }, ...recipients.map((r) => ({ text: `- ${r.replace(/^[\s\-–]+/, '')}` }))]
  const titleLines = data.signer.title.split('\n').filter(Boolean)
  const right: { text: string; bold?: boolean; italic?: boolean }[] = [...titleLines.map((t) => ({ text: t.toLocaleUpperCase('vi'), bold: true })), { text: '' }, { text: '' }, { text: '' }, { text: data.signer.name, bold: true }]
  const rows = Math.max(left.length, right.length)
  for (let i = 0; i < rows; i++) {
    const r = start + i
    const l = left[i]
    if (l) {
      ws.mergeCells(r, 1, r, leftEnd)
      setCell(ws.getCell(r, 1), l.text, { ...plain, bold: l.bold, italic: l.italic, size: i === 0 ? 12 : 11, align: { horizontal: 'left', vertical: 'top' } })
    }
    const rt = right[i]
    if (rt && rt.text !== '') {
      ws.mergeCells(r, leftEnd + 1, r, width)
      setCell(ws.getCell(r, leftEnd + 1), rt.text, { ...plain, bold: rt.bold, align: CENTER })
    }
  }
  return start + rows
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
  for (const unit of textsByUnit(data.texts)) {
    ws.mergeCells(r, 1, r, width)
    setCell(ws.getCell(r, 1), unit.unitName, { bold: true, fill: 'FFF2F2F2' })
    r++
    for (const t of unit.texts) {
      setCell(ws.getCell(r, 1), t.indicatorCode, { align: CENTER })
      setCell(ws.getCell(r, 2), labels.get(t.indicatorCode) ?? '')
      setCell(ws.getCell(r, 3), t.text)
      ws.getRow(r).height = Math.min(300, 18 * Math.max(1, Math.ceil(t.text.length / 80)))
      r++
    }
  }
  commitAll(ws)
}
