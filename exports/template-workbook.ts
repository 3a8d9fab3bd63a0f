import ExcelJS from 'exceljs'
import { indicatorRows, allIndicators, isNumericType, type ExportIndicator } from './form-shape.js'
import { defaultNumberLine, placeDateLine, writeOfficialHeader, writeTitleLine } from './official-header.js'
import { withQuotePrefix } from './quote-prefix.js'
import { excelCellText, looksLikeFormula } from './safe-text.js'
import { FORM_HEADERS, FORM_SHEET, TABLE_HEADERS, TABLE_SHEET, TOTAL_LABEL, type TemplateData } from './template-data.js'
import { makeInputCell, numberFormatFor } from './template-validation.js'
import { addMetaSheet } from './tonghop-meta-sheet.js'
import { BORDER_ALL, CENTER, LEFT_WRAP, a4PageSetup, columnLetter, font, roman } from './workbook-style.js'

/** A fillable template (.xlsx bytes) in the form or table layout. */
export async function writeTemplateWorkbook(data: TemplateData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'tonghop'
  wb.created = new Date(`${data.today}T00:00:00Z`)
  if (data.layout === 'form') await writeFormLayout(wb, data)
  else await writeTableLayout(wb, data)
  addMetaSheet(wb, {
    form: data.form.code,
    version: data.form.version,
    period: data.period.id,
    unit: data.unit.code,
    ...(data.layout === 'table' ? { units: data.children.map((c) => c.code) } : {}),
    scope: 'own',
    layout: data.layout,
    document: data.document?.key ?? null,
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function titleBlock(ws: ExcelJS.Worksheet, row: number, width: number, data: TemplateData): number {
  writeTitleLine(ws, row, width, data.form.title.toLocaleUpperCase('vi'), { bold: true, size: 14 })
  writeTitleLine(ws, row + 1, width, `Kỳ báo cáo: ${data.period.label}`, { italic: true })
  writeTitleLine(ws, row + 2, width, `(Biểu mẫu ${data.form.code}, phiên bản ${data.form.version} - đơn vị: ${data.unit.name})`, { italic: true, size: 11 })
  return row + 4
}

function headerCell(cell: ExcelJS.Cell, text: string): void {
  cell.value = text
  cell.font = font({ bold: true })
  cell.alignment = CENTER
  cell.border = BORDER_ALL
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } }
}

function bodyCell(cell: ExcelJS.Cell, value: ExcelJS.CellValue, opts: { bold?: boolean; align?: Partial<ExcelJS.Alignment> } = {}): void {
  cell.value = typeof value === 'string' ? excelCellText(value) : value
  cell.font = font({ bold: opts.bold ?? false })
  cell.border = BORDER_ALL
  const align = opts.align ?? LEFT_WRAP
  cell.alignment = typeof value === 'string' && looksLikeFormula(value) ? withQuotePrefix(align) : align
}

async function protect(ws: ExcelJS.Worksheet): Promise<void> {
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, formatCells: false, insertRows: false, deleteRows: false })
}

async function writeFormLayout(wb: ExcelJS.Workbook, data: TemplateData): Promise<void> {
  const width = FORM_HEADERS.length
  const ws = wb.addWorksheet(FORM_SHEET, { pageSetup: a4PageSetup(false, null), properties: { defaultRowHeight: 18 } })
  ws.columns = [{ width: 6 }, { width: 12 }, { width: 62 }, { width: 14 }, { width: 18 }]
  let row = writeOfficialHeader(ws, data.unit, { numberLine: defaultNumberLine(data.unit), dateLine: placeDateLine(data.unit, null, Number(data.today.slice(0, 4))), width })
  row = titleBlock(ws, row, width, data)
  const headerRow = row
  FORM_HEADERS.forEach((h, i) => headerCell(ws.getCell(headerRow, i + 1), h))
  ws.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`
  ws.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0, showGridLines: false }]
  row++
  const rowOf = indicatorRows(data.form, row)
  data.form.sections.forEach((section, si) => {
    bodyCell(ws.getCell(row, 1), roman(si + 1), { bold: true, align: CENTER })
    bodyCell(ws.getCell(row, 2), null)
    bodyCell(ws.getCell(row, 3), section.title, { bold: true })
    bodyCell(ws.getCell(row, 4), null)
    bodyCell(ws.getCell(row, 5), null)
    row++
    section.indicators.forEach((ind, ii) => {
      bodyCell(ws.getCell(row, 1), ii + 1, { align: CENTER })
      bodyCell(ws.getCell(row, 2), ind.code, { align: CENTER })
      bodyCell(ws.getCell(row, 3), ind.label)
      bodyCell(ws.getCell(row, 4), ind.unitOfMeasure ?? '', { align: CENTER })
      const value = ws.getCell(row, 5)
      bodyCell(value, null, { align: { horizontal: ind.valueType === 'text' ? 'left' : 'right', vertical: 'middle', wrapText: true } })
      const num = ind.numeratorCode ? rowOf.get(ind.numeratorCode) : undefined
      const den = ind.denominatorCode ? rowOf.get(ind.denominatorCode) : undefined
      if (ind.valueType === 'ratio' && num && den) {
        // Computed from the components, never typed: the components are the inputs.
        value.value = { formula: `IF(N(E${den})=0,"",E${num}/E${den})`, date1904: false }
        value.numFmt = '0.0%'
        value.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } }
      } else if (ind.valueType !== 'ratio') {
        makeInputCell(value, ind)
      }
      if (ind.valueType === 'text') ws.getRow(row).height = 45
      row++
    })
  })
  await protect(ws)
}

/** Table-layout totals: sums, weighted averages, counts of "Có"; nothing for free text. */
export function totalFormula(ind: ExportIndicator, range: (code: string) => string | null): string | null {
  const own = range(ind.code)
  if (!own) return null
  if (ind.valueType === 'integer') return `SUM(${own})`
  if (ind.valueType === 'decimal') {
    const weight = ind.weightCode ? range(ind.weightCode) : null
    return weight ? `IF(SUMIFS(${weight},${own},"<>")=0,"",SUMPRODUCT(${own},${weight})/SUMIFS(${weight},${own},"<>"))` : `SUM(${own})`
  }
  if (ind.valueType === 'boolean') return `COUNTIF(${own},"Có")&"/"&COUNTA(${own})`
  return null
}

async function writeTableLayout(wb: ExcelJS.Workbook, data: TemplateData): Promise<void> {
  const inds = allIndicators(data.form).filter((i) => i.valueType !== 'ratio')
  const width = TABLE_HEADERS.length + inds.length
  const ws = wb.addWorksheet(TABLE_SHEET, { pageSetup: a4PageSetup(true, null) })
  ws.columns = [{ width: 6 }, { width: 14 }, { width: 34 }, ...inds.map((i) => ({ width: i.valueType === 'text' ? 30 : 14 }))]
  let row = writeOfficialHeader(ws, data.unit, { numberLine: defaultNumberLine(data.unit), dateLine: placeDateLine(data.unit, null, Number(data.today.slice(0, 4))), width })
  row = titleBlock(ws, row, width, data)
  const labelRow = row
  const headerRow = row + 1
  ;['', '', 'Chỉ tiêu'].forEach((t, i) => headerCell(ws.getCell(labelRow, i + 1), t))
  inds.forEach((ind, i) => headerCell(ws.getCell(labelRow, 4 + i), ind.unitOfMeasure ? `${ind.label} (${ind.unitOfMeasure})` : ind.label))
  ws.getRow(labelRow).height = 90
  TABLE_HEADERS.forEach((h, i) => headerCell(ws.getCell(headerRow, i + 1), h))
  inds.forEach((ind, i) => headerCell(ws.getCell(headerRow, 4 + i), ind.code))
  ws.pageSetup.printTitlesRow = `${labelRow}:${headerRow}`
  ws.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 3, showGridLines: false }]
  const first = headerRow + 1
  data.children.forEach((child, ci) => {
    const r = first + ci
    bodyCell(ws.getCell(r, 1), ci + 1, { align: CENTER })
    bodyCell(ws.getCell(r, 2), child.code, { align: CENTER })
    bodyCell(ws.getCell(r, 3), child.name)
    inds.forEach((ind, i) => {
      const cell = ws.getCell(r, 4 + i)
      bodyCell(cell, null, { align: { horizontal: ind.valueType === 'text' ? 'left' : 'right', vertical: 'middle', wrapText: true } })
      makeInputCell(cell, ind)
    })
  })
  const last = first + data.children.length - 1
  const totalRow = last + 1
  const colOf = new Map(inds.map((ind, i) => [ind.code, columnLetter(4 + i)]))
  const range = (code: string): string | null => {
    const c = colOf.get(code)
    return c && data.children.length > 0 ? `${c}${first}:${c}${last}` : null
  }
  bodyCell(ws.getCell(totalRow, 1), null)
  bodyCell(ws.getCell(totalRow, 2), null)
  bodyCell(ws.getCell(totalRow, 3), TOTAL_LABEL, { bold: true, align: CENTER })
  inds.forEach((ind, i) => {
    const cell = ws.getCell(totalRow, 4 + i)
    const f = totalFormula(ind, range)
    bodyCell(cell, f ? { formula: f, date1904: false } : null, { bold: true, align: { horizontal: 'right', vertical: 'middle' } })
    const fmt = numberFormatFor(ind)
    if (fmt && f) cell.numFmt = fmt
  })
  await protect(ws)
}
