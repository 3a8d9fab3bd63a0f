import type ExcelJS from 'exceljs'
import { asNumber, commitAll, commitRow, headerCell, setCell, setStyled, sharedStyle } from './consolidated-cells.js'
import type { ConsolidatedReportData } from './consolidated-report-data.js'
import { childCell, detailColumns, type DetailColumn } from './detail-columns.js'
import { writeTitleLine } from './official-header.js'
import { TABLE_HEADERS, TOTAL_LABEL } from './template-data.js'
import { CENTER, a4PageSetup, columnLetter } from './workbook-style.js'

export const DETAIL_SHEET = 'Chi tiết'

const NUM_ALIGN: Partial<ExcelJS.Alignment> = { horizontal: 'right', vertical: 'middle' }

/** "Chi tiết": one row per child, then "Tổng cộng", each a formula over its column (see detail-columns.ts). */
export function writeDetailSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: ConsolidatedReportData): void {
  const cols = detailColumns(data.form, data.children)
  const width = TABLE_HEADERS.length + cols.length
  const firstDataRow = 6
  const ws = wb.addWorksheet(DETAIL_SHEET, {
    pageSetup: a4PageSetup(width > 8, { from: 4, to: 5 }),
    views: [{ state: 'frozen', ySplit: 5, xSplit: 3, showGridLines: false }],
  }) as unknown as ExcelJS.Worksheet
  ws.columns = [{ width: 6 }, { width: 16 }, { width: 36 }, ...cols.map((c) => ({ width: Math.max(12, Math.min(18, c.code.length + 6)) }))]
  writeTitleLine(ws, 1, width, `CHI TIẾT THEO ĐƠN VỊ - ${data.form.title.toLocaleUpperCase('vi')}`, { bold: true })
  writeTitleLine(ws, 2, width, `${data.unit.name} - Kỳ báo cáo: ${data.period.label}`, { italic: true })
  commitRow(ws, 2)
  ;['', '', 'Chỉ tiêu'].forEach((t, i) => headerCell(ws.getCell(4, i + 1), t))
  cols.forEach((c, i) => headerCell(ws.getCell(4, 4 + i), c.label))
  ws.getRow(4).height = 110
  TABLE_HEADERS.forEach((h, i) => headerCell(ws.getCell(5, i + 1), h))
  cols.forEach((c, i) => headerCell(ws.getCell(5, 4 + i), c.code))
  ws.getRow(5).height = 32
  commitRow(ws, 5)
  // The value column of each indicator, for ratios' components and weighted averages' values.
  const valueCol = new Map<string, number>()
  const weightCol = new Map<string, number>()
  cols.forEach((c, i) => {
    if (c.kind === 'value') valueCol.set(c.ind.code, i)
    if (c.kind === 'weight') weightCol.set(c.ind.code, i)
  })
  const n = data.children.length
  const last = firstDataRow + n - 1
  // Running sums give the formulas' cached results (what a spreadsheet recomputes), without holding the rows.
  const sums = cols.map(() => 0)
  const counted = cols.map(() => 0)
  const products = new Map<number, number>()
  const centerStyle = sharedStyle({ align: CENTER })
  const nameStyle = sharedStyle({})
  const colStyles = cols.map((c) => sharedStyle({ align: NUM_ALIGN, numFmt: c.numFmt }))
  data.children.forEach((child, ci) => {
    const r = firstDataRow + ci
    const row = ws.getRow(r)
    setStyled(row.getCell(1), ci + 1, centerStyle)
    setStyled(row.getCell(2), child.code, centerStyle)
    setStyled(row.getCell(3), child.name, nameStyle)
    const values = cols.map((c) => (c.kind === 'ratio' ? null : childCell(c, child)))
    cols.forEach((c, i) => {
      let v = values[i] ?? null
      if (c.kind === 'ratio') {
        // A value, not a per-row formula: formulas on every row cost ~30% of the export's time (bench/export-bench.ts).
        const nv = componentOf(c.ind.numeratorCode, valueCol, values, child.numerators?.[c.ind.code])
        const dv = componentOf(c.ind.denominatorCode, valueCol, values, child.denominators?.[c.ind.code])
        v = nv !== null && dv !== null && dv !== 0 ? nv / dv : null
      } else if (v !== null) {
        sums[i] = (sums[i] as number) + v
        counted[i] = (counted[i] as number) + 1
      }
      setStyled(row.getCell(4 + i), v, colStyles[i] as Partial<ExcelJS.Style>)
    })
    for (const [code, wi] of weightCol) {
      const vi = valueCol.get(code) as number
      const x = values[vi]
      const w = values[wi]
      if (x != null && w != null) products.set(vi, (products.get(vi) ?? 0) + x * w)
    }
    commitRow(ws, r)
  })
  const totalRow = last + 1
  const range = (i: number | undefined): string | null => (i === undefined || n === 0 ? null : `${columnLetter(4 + i)}${firstDataRow}:${columnLetter(4 + i)}${last}`)
  setCell(ws.getCell(totalRow, 1), null)
  setCell(ws.getCell(totalRow, 2), null)
  setCell(ws.getCell(totalRow, 3), TOTAL_LABEL, { bold: true, align: CENTER })
  cols.forEach((c, i) => {
    const total = totalOf(c, i, { range, valueCol, weightCol, sums, counted, products })
    setCell(ws.getCell(totalRow, 4 + i), total ? { formula: total.formula, result: total.result, date1904: false } : null, { bold: true, align: NUM_ALIGN, numFmt: c.numFmt })
  })
  commitRow(ws, totalRow)
  commitAll(ws)
}

function componentOf(code: string | null, valueCol: Map<string, number>, values: (number | null)[], fallback: number | null | undefined): number | null {
  const i = code ? valueCol.get(code) : undefined
  if (i !== undefined) return values[i] ?? null
  return asNumber(fallback ?? null)
}

interface Totals {
  range: (i: number | undefined) => string | null
  valueCol: Map<string, number>
  weightCol: Map<string, number>
  sums: number[]
  counted: number[]
  products: Map<number, number>
}

/** The total's formula and its cached result (the same figure, computed here from the running sums). */
function totalOf(c: DetailColumn, i: number, t: Totals): { formula: string; result: number | string } | null {
  const own = t.range(i)
  if (!own) return null
  if (c.kind === 'ratio') {
    const ni = c.ind.numeratorCode ? t.valueCol.get(c.ind.numeratorCode) : undefined
    const di = c.ind.denominatorCode ? t.valueCol.get(c.ind.denominatorCode) : undefined
    const nr = t.range(ni)
    const dr = t.range(di)
    if (!nr || !dr) return null
    const den = t.sums[di as number] as number
    const reported = (t.counted[ni as number] as number) > 0 && (t.counted[di as number] as number) > 0
    return { formula: `IF(OR(COUNT(${nr})=0,SUM(${dr})=0),"",SUM(${nr})/SUM(${dr}))`, result: reported && den !== 0 ? (t.sums[ni as number] as number) / den : '' }
  }
  if (c.kind === 'value' && t.weightCol.has(c.ind.code)) {
    const wi = t.weightCol.get(c.ind.code) as number
    const wr = t.range(wi) as string
    const sw = t.sums[wi] as number
    return { formula: `IF(SUM(${wr})=0,"",SUMPRODUCT(${own},${wr})/SUM(${wr}))`, result: sw !== 0 ? (t.products.get(i) ?? 0) / sw : '' }
  }
  if (c.ind.valueType === 'date') return null
  return { formula: `SUM(${own})`, result: t.sums[i] as number }
}
